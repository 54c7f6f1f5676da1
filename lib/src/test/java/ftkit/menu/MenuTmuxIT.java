package ftkit.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ftkit.cli.ScriptRunner;
import ftkit.cli.TmuxPane;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.Route;
import ftkit.store.Dataset;
import ftkit.store.DatasetStore;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code ./jbang menu@.} in a real terminal (a tmux pane) the way a user does: keys in, screen out. The
 * whole path configure → generate (against {@link FakeLlmServer} on 127.0.0.1) → statistics → export → settings
 * → exit, with wrong answers on the way, checked on the screen and in the files written.
 * Needs tmux: ./test.sh installs it; without it this test is skipped, unless FTKIT_REQUIRE_TMUX=1 makes that a failure.
 */
class MenuTmuxIT {

    @TempDir
    Path dir;

    private final TmuxPane pane = new TmuxPane("menu");
    private FakeLlmServer server;

    @AfterEach
    void stop() throws Exception {
        pane.close();
        if (server != null) server.close();
    }

    /** The number the menu shows before the first listed line containing {@code label}. */
    static String numberOf(String block, String label) {
        Matcher m = Pattern.compile("(?m)^\\s+(\\d+)\\. .*" + Pattern.quote(label)).matcher(block);
        assertTrue(m.find(), "no choice '" + label + "' in:\n" + block);
        return m.group(1);
    }

    @Test
    void configureGenerateStatsExportSettingsExit() throws Exception {
        boolean required = "1".equals(System.getenv("FTKIT_REQUIRE_TMUX"));
        if (!TmuxPane.available()) {
            if (required) throw new AssertionError("tmux is not installed (FTKIT_REQUIRE_TMUX=1); apt-get install -y tmux");
            assumeTrue(false, "tmux is not installed: the menu's terminal test is skipped (./test.sh installs it)");
        }
        Path root = ScriptRunner.projectRoot();
        Files.copy(root.resolve("config.yaml"), dir.resolve("config.yaml"));
        server = FakeLlmServer.builder().host("127.0.0.1").port(0).log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).start();

        Path launcher = dir.resolve("run-menu.sh");
        Files.writeString(launcher, String.join("\n",
                "cd " + TmuxPane.quote(dir),
                "unset NO_COLOR FTKIT_PROVIDER FTKIT_MODEL FTKIT_CONFIG FTKIT_BASE_URL FTKIT_DATABASE_URL",
                "export OPENAI_API_KEY=sk-dummy-menu-test",
                TmuxPane.quote(root.resolve("jbang")) + " --quiet menu@" + TmuxPane.quote(root) + " --prompts " + TmuxPane.quote(root.resolve("prompts"))
                        + " --db " + TmuxPane.quote(dir.resolve("store.db")),
                "echo \"menu exited with $?\"",
                "exec sleep 600", ""));
        pane.start(launcher, dir);

        // The main menu; a wrong choice is refused and asked again.
        pane.expect("=== Fine-Tuning Dataset Builder ===");
        pane.expect("Choose (1-6):");
        pane.type("9");
        pane.expect("'9' is not a choice");
        pane.expect("Choose (1-6):");

        // 1. Configure Dataset
        pane.type("1");
        String providers = pane.expect("LLM provider (the fine-tuning target) (1-5) [1]:");
        pane.type(numberOf(providers, "openai"));
        String models = pane.expect("Model (1-");
        pane.type("abc");
        pane.expect("'abc' is not a choice");
        pane.type(numberOf(models, "gpt-4o-mini-2024-07-18"));
        String modes = pane.expect("Generation mode (1-5)");
        pane.type(numberOf(modes, "create "));
        pane.expect("Dataset size (samples) (10-");
        pane.type("0");
        // gpt-4o-mini accepts at least 10 examples
        pane.expect("out of range");
        pane.type("12");
        pane.expect("Split into train and validation sets? (y/n) [y]:");
        pane.type("maybe");
        pane.expect("answer y or n");
        pane.type("y");
        pane.expect("Training share (between 0 and 1) [0.8]:");
        pane.type("1.5");
        pane.expect("out of range");
        pane.type("0.75");
        String strategies = pane.expect("Split strategy (1-2)");
        pane.type(numberOf(strategies, "random"));
        pane.expect("Save to config.yaml? (y/n) [y]:");
        pane.type("y");
        pane.expect("saved config.yaml (comments kept)");
        String config = Files.readString(dir.resolve("config.yaml"));
        assertTrue(config.contains("\ndataset_size: 12 "), config);
        assertTrue(config.contains("  ratio: 0.75 "), config);
        assertTrue(config.contains("  strategy: random "), config);
        assertTrue(config.contains("\nmode: create\n"), config);
        assertTrue(config.contains("# Precedence for every setting"), "comments kept:\n" + config);
        pane.expect("mode create · size 12 · split 0.75/0.25 random");

        // 2. Generate Dataset against the fake server
        pane.expect("Choose (1-6):");
        pane.type("2");
        pane.expect("Topic of the conversations:");
        pane.type("ab");
        pane.expect("say in a few words");
        pane.type("returns and deliveries of a bike shop");
        String llms = pane.expect("LLM that writes the samples");
        pane.type(numberOf(llms, "openai (key: OPENAI_API_KEY)"));
        pane.expect("Model of that LLM");
        pane.type("gpt-4o-mini");
        pane.expect("Endpoint (base URL)");
        pane.type("not a url");
        pane.expect("is not an http(s) URL");
        pane.type(server.baseUrl(Route.OPENAI));
        pane.expect("Samples to generate (1-100000) [12]:");
        pane.type("");
        pane.expect("[1/4] Generating 12 samples with openai gpt-4o-mini");
        pane.expect("generated output/my_dataset.jsonl");
        pane.expect("[2/4] Validating against openai/gpt-4o-mini-2024-07-18");
        pane.expect("[3/4] Splitting 0.75 train / 0.25 validation");
        pane.expect("wrote output/my_dataset.train.jsonl and output/my_dataset.validation.jsonl");
        pane.expect("[4/4] Saving to the database");
        pane.expect("saved dataset 'my_dataset' (12 samples)");
        pane.expect("Press Enter to go back to the menu");
        assertEquals(12, lines(dir.resolve("output/my_dataset.jsonl")).size());
        int train = lines(dir.resolve("output/my_dataset.train.jsonl")).size();
        int validation = lines(dir.resolve("output/my_dataset.validation.jsonl")).size();
        assertEquals(12, train + validation);
        // about 0.75 of 12; split keeps near-duplicates together, so not exactly 9
        assertTrue(train >= 7 && train <= 11 && validation >= 1, train + " train, " + validation + " validation");
        assertTrue(server.requestCount(Route.OPENAI) >= 12, "one request per sample at least: " + server.requestCount(Route.OPENAI));
        try (DatasetStore store = DatasetStore.open(dir.resolve("store.db"))) {
            Dataset saved = store.dataset("my_dataset").orElseThrow();
            assertEquals(12, saved.totalSamples());
            assertEquals(train, store.countBySplit("my_dataset").get("train"));
            assertEquals(validation, store.countBySplit("my_dataset").get("validation"));
        }
        pane.type("");

        // 3. View Dataset Statistics from the database, with charts
        pane.expect("Choose (1-6):");
        pane.type("3");
        String sources = pane.expect("Which dataset?");
        pane.type(numberOf(sources, "a dataset in the database"));
        String datasets = pane.expect("Dataset (1-1)");
        assertTrue(datasets.contains("my_dataset (12 samples, openai/gpt-4o-mini-2024-07-18"), datasets);
        pane.type("1");
        pane.expect("Also write the charts as PNG files? (y/n) [n]:");
        pane.type("y");
        pane.expect("Folder for the charts [output/charts]:");
        pane.type("");
        String stats = pane.expect("statistics done");
        assertTrue(stats.matches("(?s).*== Overview.*\\bexamples\\s+12\\b.*"), stats);
        assertTrue(stats.matches("(?s).*split train\\s+" + train + "\\b.*"), stats);
        assertTrue(stats.contains("== Tokens per target"), stats);
        assertTrue(stats.contains("== Roles"), stats);
        BufferedImage histogram = ImageIO.read(dir.resolve("output/charts/token-histogram.png").toFile());
        assertEquals(800, histogram.getWidth());
        assertTrue(distinctColours(histogram) > 10, "the chart has content");
        pane.expect("Press Enter to go back to the menu");
        pane.type("");

        // 4. Export Dataset: the target's JSONL with CSV (the export stage), then the CSV alone
        pane.expect("Choose (1-6):");
        pane.type("4");
        String exportSources = pane.expect("Which dataset?");
        pane.type(numberOf(exportSources, "the dataset generated in this session"));
        pane.expect("Format (1-3) [3]:");
        pane.type("");
        pane.expect("Folder [output/export]:");
        pane.type("");
        pane.expect("using the split files output/my_dataset.train.jsonl and output/my_dataset.validation.jsonl");
        pane.expect("exported for openai/gpt-4o-mini-2024-07-18 into output/export");
        pane.expect("Press Enter to go back to the menu");
        List<Path> exported;
        try (Stream<Path> walk = Files.walk(dir.resolve("output/export"))) {
            exported = walk.filter(Files::isRegularFile).toList();
        }
        Path trainOut = only(exported, "my_dataset_train.jsonl");
        Path validationOut = only(exported, "my_dataset_validation.jsonl");
        List<String> chat = lines(trainOut);
        assertEquals(train, chat.size(), "every training sample exported: " + exported);
        assertEquals(validation, lines(validationOut).size());
        assertTrue(chat.get(0).startsWith("{\"messages\":[{\"role\":"), chat.get(0));
        assertTrue(exported.stream().anyMatch(f -> f.getFileName().toString().endsWith("_metadata.csv")), "CSV metadata: " + exported);
        pane.type("");

        pane.expect("Choose (1-6):");
        pane.type("4");
        exportSources = pane.expect("Which dataset?");
        pane.type(numberOf(exportSources, "the dataset generated in this session"));
        pane.expect("Format (1-3) [3]:");
        pane.type("2");
        pane.expect("Folder [output/export]:");
        pane.type("");
        pane.expect("wrote output/export/my_dataset.metadata.csv (12 records)");
        pane.expect("Press Enter to go back to the menu");
        List<String> csv = lines(dir.resolve("output/export/my_dataset.metadata.csv"));
        assertEquals(13, csv.size(), "header and 12 rows");
        assertEquals(String.join(",", DatasetExport.CSV_COLUMNS), csv.get(0));
        pane.type("");

        // 5. Settings: a bad value is refused, a good one saved; then view
        pane.expect("Choose (1-6):");
        pane.type("5");
        pane.expect("Choose (1-4) [4]:");
        pane.type("2");
        String settings = pane.expect("Setting to change (1-");
        pane.type(numberOf(settings, "agent.create.temperature"));
        pane.expect("New value for agent.create.temperature [0.7]:");
        pane.type("7");
        pane.expect("✘");
        pane.type("0.4");
        pane.expect("saved config.yaml (comments kept)");
        assertTrue(Files.readString(dir.resolve("config.yaml")).contains("    temperature: 0.4  "), Files.readString(dir.resolve("config.yaml")));
        pane.expect("Choose (1-4) [4]:");
        pane.type("1");
        String view = pane.expect("Choose (1-4) [4]:");
        assertTrue(view.contains("agent.create.temperature") && view.contains("0.4"), view);
        pane.type("4");

        // 6. Exit
        pane.expect("Choose (1-6):");
        pane.type("6");
        pane.expect("Bye.");
        pane.expect("menu exited with 0");
        String coloured = pane.screen(true);
        assertTrue(coloured.contains("\u001b[32m"), "success messages are green in a terminal");
        assertTrue(coloured.contains("\u001b[31m"), "errors are red in a terminal");
        assertTrue(!pane.screen(false).contains("sk-dummy-menu-test"), "the key never shows");
    }

    static Path only(List<Path> files, String name) {
        List<Path> found = files.stream().filter(f -> f.getFileName().toString().equals(name)).toList();
        assertEquals(1, found.size(), name + " among " + files);
        return found.get(0);
    }

    static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
        return colours.size();
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    }
}
