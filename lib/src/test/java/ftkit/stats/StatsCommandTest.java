package ftkit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import ftkit.cli.Log;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;
import ftkit.store.DatasetInfo;
import ftkit.store.DatasetStore;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCommandTest {
    static final String TARGET = "openai/gpt-4o-mini-2024-07-18";

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @AfterEach
    void resetLog() {
        Log.reset();
    }

    record Run(int exit, String stdout, String stderr) {
    }

    Run run(String... args) throws Exception {
        Path config = dir.resolve("config.yaml");
        if (!Files.exists(config)) Files.writeString(config, "# defaults\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Log.to(new PrintStream(err, true, StandardCharsets.UTF_8), false);
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        int exit = StatsCommand.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** 12 examples: 2 sources, keywords, categories, train/validation, one 2-turn example, one duplicate, one long. */
    static List<Sample> corpus() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String source = i % 2 == 0 ? "faq.pdf" : "manual.docx";
            Sample s = new Sample().system("You are a helpful bike shop assistant.")
                    .add(Message.user("Question number " + i + " about " + (i % 3 == 0 ? "delivery" : "returns") + "?"))
                    .add(Message.assistant("Answer number " + i + "."));
            s.metadata(new SampleMetadata().sourceFile(source).keywords(List.of(i % 3 == 0 ? "delivery" : "returns"))
                    .split(i < 8 ? "train" : "validation").put("category", i % 2 == 0 ? "shipping" : "warranty")
                    .put("complexity", i < 5 ? "simple" : "complex"));
            samples.add(s);
        }
        Sample twoTurns = new Sample().add(Message.user("Hi")).add(Message.assistant("Hello!"))
                .add(Message.user("Do you sell helmets?")).add(Message.assistant("Yes, from 30 euros."));
        twoTurns.metadata(new SampleMetadata().sourceFile("faq.pdf").split("validation").put("category", "shipping"));
        samples.add(twoTurns);
        Sample longOne = new Sample().add(Message.user("Tell me everything. " + "word ".repeat(400)))
                .add(Message.assistant("ok"));
        longOne.metadata(new SampleMetadata().sourceFile("manual.docx").split("train").put("category", "warranty"));
        samples.add(longOne);
        return samples;
    }

    Path writeFile(List<Sample> samples, String... extraLines) throws Exception {
        Path file = dir.resolve("data.jsonl");
        List<String> lines = new ArrayList<>();
        for (Sample s : samples) lines.add(Json.MAPPER.writeValueAsString(s));
        lines.add(Json.MAPPER.writeValueAsString(samples.get(3))); // exact duplicate of line 4
        lines.addAll(List.of(extraLines));
        Files.write(file, lines);
        return file;
    }

    /** The cells of the line that starts with {@code first} in the section titled {@code title}. */
    static List<String> row(String stdout, String title, String first) {
        String[] sections = stdout.split("\n\n");
        for (String section : sections) {
            if (!section.startsWith("== " + title)) continue;
            for (String line : section.split("\n")) {
                String cells = line.strip();
                if (cells.startsWith(first + " ") || cells.equals(first)) return List.of(cells.split("\\s{2,}"));
            }
            throw new AssertionError("no row '" + first + "' in section " + title + ":\n" + section);
        }
        throw new AssertionError("no section '" + title + "' in:\n" + stdout);
    }

    @Test
    void printsAlignedTablesForEverySummary() throws Exception {
        Path file = writeFile(corpus(), "{not json", "{\"foo\": 1}");

        Run r = run(file.toString(), "--target", TARGET, "--token-limit", "200");

        assertEquals(3, r.exit(), "unreadable lines make exit 3; stderr: " + r.stderr());
        assertTrue(r.stderr().contains("data.jsonl:14"), "names the file and line: " + r.stderr());
        assertEquals(List.of("examples", "13"), row(r.stdout(), "Overview", "examples"));
        assertEquals(List.of("unreadable lines", "2"), row(r.stdout(), "Overview", "unreadable lines"));
        assertEquals(List.of("duplicates", "1"), row(r.stdout(), "Overview", "duplicates"));
        assertEquals(List.of("limit per example", "200"), row(r.stdout(), "Overview", "limit per example"));
        assertEquals(List.of("over the limit", "1"), row(r.stdout(), "Overview", "over the limit"));
        assertEquals(List.of("split train", "10"), row(r.stdout(), "Overview", "split train"));
        assertEquals(List.of("split validation", "3"), row(r.stdout(), "Overview", "split validation"));

        List<String> perTarget = row(r.stdout(), "Tokens per target", TARGET);
        assertEquals("13", perTarget.get(1), "n: " + perTarget);
        assertEquals("1", perTarget.get(7), "over_limit: " + perTarget);
        assertEquals("200", perTarget.get(8));
        assertEquals("exact", perTarget.get(9));

        // token summary by source: faq.pdf has 5 + the two-turn example + the duplicate of line 4 (i=3 is manual)
        assertEquals("6", row(r.stdout(), "Tokens by source", "faq.pdf").get(1));
        assertEquals("7", row(r.stdout(), "Tokens by source", "manual.docx").get(1));
        assertEquals("1", row(r.stdout(), "Tokens by source", "manual.docx").get(7), "the long one is over 200");
        assertEquals(List.of("simple", "6"), row(r.stdout(), "Tokens by complexity", "simple").subList(0, 2), "i < 5 and the copy of i = 3");
        assertTrue(r.stdout().contains("== Tokens by keyword"));
        assertTrue(r.stdout().contains("== Tokens by category"));

        // split balance: validation has i=8 (faq), 9 (manual) and the two-turn example (faq)
        assertEquals(List.of("faq.pdf", "4", "2", "6", "33.3"), row(r.stdout(), "Split balance by source", "faq.pdf"));
        assertEquals(List.of("manual.docx", "6", "1", "7", "14.3"), row(r.stdout(), "Split balance by source", "manual.docx"));

        assertEquals(List.of("user", "14", "13"), row(r.stdout(), "Roles", "user").subList(0, 3));
        assertEquals(List.of("system", "11", "11"), row(r.stdout(), "Roles", "system").subList(0, 3));
        assertEquals(List.of("1", "12"), row(r.stdout(), "Turns", "1").subList(0, 2));
        assertEquals(List.of("2", "1"), row(r.stdout(), "Turns", "2").subList(0, 2));
        assertEquals(List.of("13", "4"), row(r.stdout(), "Duplicates", "13"));
        assertEquals("12", row(r.stdout(), "Over the limit", "12").get(0));
    }

    @Test
    void columnsLineUp() throws Exception {
        Run r = run(writeFile(corpus()).toString(), "--target", TARGET);

        assertEquals(0, r.exit(), r.stderr());
        for (String section : r.stdout().split("\n\n")) {
            String[] lines = section.split("\n");
            String rule = lines[2];
            assertTrue(rule.matches("-+( +-+)*"), "a rule under the header: " + rule);
            // every numeric cell ends where its rule segment ends
            Matcher m = Pattern.compile("-+").matcher(rule);
            List<Integer> ends = new ArrayList<>();
            while (m.find()) ends.add(m.end());
            assertTrue(lines[1].length() <= rule.length(), section);
            for (int i = 3; i < lines.length; i++) assertTrue(lines[i].length() <= rule.length(), "row wider than rule in\n" + section);
        }
        assertFalse(r.stdout().contains("\u001b["), "no colour codes on stdout");
    }

    @Test
    void jsonCarriesTheSameFiguresAsNumbers() throws Exception {
        Run r = run(writeFile(corpus()).toString(), "--target", TARGET, "--target", "mistral/open-mistral-7b", "--json");

        assertEquals(0, r.exit(), r.stderr());
        JsonNode sections = Json.MAPPER.readTree(r.stdout()).get("sections");
        JsonNode perTarget = sections.get("Tokens per target");
        assertEquals(2, perTarget.size());
        assertEquals(TARGET, perTarget.get(0).get("target").asText());
        assertEquals(13, perTarget.get(0).get("n").asInt());
        assertEquals("mistral/open-mistral-7b", perTarget.get(1).get("target").asText());
        assertTrue(perTarget.get(1).get("max").isInt());
        JsonNode turns = sections.get("Turns");
        assertEquals(12, turns.get(0).get("examples").asInt());
    }

    @Test
    void chartsArePngFilesWithContent() throws Exception {
        Path charts = dir.resolve("charts");
        Run r = run(writeFile(corpus()).toString(), "--target", TARGET, "--token-limit", "200", "--charts", charts.toString());

        assertEquals(0, r.exit(), r.stderr());
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.list(charts)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        assertEquals(Set.of("token-histogram.png", "split-by-source.png", "split-by-keyword.png",
                "split-by-category.png", "turns.png"), names);
        for (String name : names) {
            BufferedImage image = ImageIO.read(charts.resolve(name).toFile());
            assertEquals(800, image.getWidth(), name);
            assertEquals(450, image.getHeight(), name);
            Set<Integer> colours = new HashSet<>();
            long nonWhite = 0;
            for (int y = 0; y < image.getHeight(); y += 2) {
                for (int x = 0; x < image.getWidth(); x += 2) {
                    int rgb = image.getRGB(x, y) & 0xFFFFFF;
                    colours.add(rgb);
                    if (rgb != 0xFFFFFF) nonWhite++;
                }
            }
            assertTrue(colours.size() > 10, name + " has " + colours.size() + " colours");
            assertTrue(nonWhite > 2_000, name + " has " + nonWhite + " non-white sampled pixels");
        }
        assertTrue(countColour(ImageIO.read(charts.resolve("token-histogram.png").toFile()), 0xD62728) > 20,
                "the over-limit bar is drawn in red");
    }

    static long countColour(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
        }
        return n;
    }

    @Test
    void readsADatasetFromTheSqliteStore() throws Exception {
        Path db = dir.resolve("store.db");
        try (DatasetStore store = DatasetStore.open(db)) {
            store.save(DatasetInfo.named("bikes"), corpus());
            store.save(DatasetInfo.named("other"), corpus().subList(0, 3));
        }

        Run ambiguous = run("--db", db.toString(), "--target", TARGET);
        assertEquals(2, ambiguous.exit());
        assertTrue(ambiguous.stderr().contains("bikes") && ambiguous.stderr().contains("other"), ambiguous.stderr());

        Run r = run("--db", db.toString(), "--dataset", "bikes", "--target", TARGET);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(List.of("examples", "12"), row(r.stdout(), "Overview", "examples"));
        assertEquals(List.of("faq.pdf", "4", "2", "6", "33.3"), row(r.stdout(), "Split balance by source", "faq.pdf"));

        Run missing = run("--db", db.toString(), "--dataset", "nope", "--target", TARGET);
        assertEquals(2, missing.exit());
    }

    @Test
    void usageErrors() throws Exception {
        assertEquals(2, run().exit());
        assertEquals(2, run(writeFile(corpus()).toString(), "--db", "x.db").exit());
        assertEquals(2, run(writeFile(corpus()).toString(), "--target", "nobody/nothing").exit());
        assertEquals(1, run(dir.resolve("absent.jsonl").toString(), "--target", TARGET).exit());
    }
}
