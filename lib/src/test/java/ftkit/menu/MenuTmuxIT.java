package ftkit.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ftkit.cli.ScriptRunner;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.Route;
import ftkit.store.Dataset;
import ftkit.store.DatasetStore;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    static final Duration STEP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final String socket = "ftkit-menu-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private FakeLlmServer server;
    private int consumedLines;
    private boolean started;

    @AfterEach
    void stop() throws Exception {
        if (started) tmux("kill-server");
        if (server != null) server.close();
    }

    static boolean tmuxAvailable() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("tmux hung: " + cmd);
        if (p.exitValue() != 0 && !args[0].equals("kill-server")) throw new IllegalStateException(cmd + ": " + out);
        return out;
    }

    /** The whole pane, scrollback included, wrapped lines joined. */
    String screen(boolean withEscapes) throws IOException, InterruptedException {
        return withEscapes ? tmux("capture-pane", "-p", "-e", "-J", "-S", "-", "-t", "menu")
                : tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "menu");
    }

    /** Waits until {@code text} appears below what earlier calls matched; returns the lines from there to the end. */
    String expect(String text) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        String[] lines;
        while (true) {
            lines = screen(false).split("\n", -1);
            for (int i = consumedLines; i < lines.length; i++) {
                if (lines[i].contains(text)) {
                    StringBuilder block = new StringBuilder();
                    for (int j = consumedLines; j <= i; j++) block.append(lines[j]).append('\n');
                    consumedLines = i + 1;
                    return block.toString();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' did not appear in " + STEP.toSeconds() + " s; screen after line "
                        + consumedLines + ":\n" + String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, consumedLines - 5), lines.length)));
            }
            Thread.sleep(200);
        }
    }

    void type(String answer) throws Exception {
        tmux("send-keys", "-t", "menu", "-l", answer);
        tmux("send-keys", "-t", "menu", "Enter");
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
        if (!tmuxAvailable()) {
            if (required) throw new AssertionError("tmux is not installed (FTKIT_REQUIRE_TMUX=1); apt-get install -y tmux");
            assumeTrue(false, "tmux is not installed: the menu's terminal test is skipped (./test.sh installs it)");
        }
        Path root = ScriptRunner.projectRoot();
        Files.copy(root.resolve("config.yaml"), dir.resolve("config.yaml"));
        server = FakeLlmServer.builder().host("127.0.0.1").port(0).log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).start();

        Path launcher = dir.resolve("run-menu.sh");
        Files.writeString(launcher, String.join("\n",
                "cd " + quote(dir),
                "unset NO_COLOR FTKIT_PROVIDER FTKIT_MODEL FTKIT_CONFIG FTKIT_BASE_URL FTKIT_DATABASE_URL",
                "export OPENAI_API_KEY=sk-dummy-menu-test",
                quote(root.resolve("jbang")) + " --quiet menu@" + quote(root) + " --prompts " + quote(root.resolve("prompts"))
                        + " --db " + quote(dir.resolve("store.db")),
                "echo \"menu exited with $?\"",
                "exec sleep 600", ""));
        Path tmuxConf = dir.resolve("tmux.conf");
        Files.writeString(tmuxConf, "set -g history-limit 100000\n");
        tmux("-f", tmuxConf.toString(), "new-session", "-d", "-s", "menu", "-x", "220", "-y", "50", "bash " + quote(launcher));
        started = true;

        // The main menu; a wrong choice is refused and asked again.
        expect("=== Fine-Tuning Dataset Builder ===");
        expect("Choose (1-6):");
        type("9");
        expect("'9' is not a choice");
        expect("Choose (1-6):");

        // 1. Configure Dataset
        type("1");
        String providers = expect("LLM provider (the fine-tuning target) (1-5) [1]:");
        type(numberOf(providers, "openai"));
        String models = expect("Model (1-");
        type("abc");
        expect("'abc' is not a choice");
        type(numberOf(models, "gpt-4o-mini-2024-07-18"));
        String modes = expect("Generation mode (1-5)");
        type(numberOf(modes, "create "));
        expect("Dataset size (samples) (10-");
        type("0");
        // gpt-4o-mini accepts at least 10 examples
        expect("out of range");
        type("12");
        expect("Split into train and validation sets? (y/n) [y]:");
        type("maybe");
        expect("answer y or n");
        type("y");
        expect("Training share (between 0 and 1) [0.8]:");
        type("1.5");
        expect("out of range");
        type("0.75");
        String strategies = expect("Split strategy (1-2)");
        type(numberOf(strategies, "random"));
        expect("Save to config.yaml? (y/n) [y]:");
        type("y");
        expect("saved config.yaml (comments kept)");
        String config = Files.readString(dir.resolve("config.yaml"));
        assertTrue(config.contains("\ndataset_size: 12 "), config);
        assertTrue(config.contains("  ratio: 0.75 "), config);
        assertTrue(config.contains("  strategy: random "), config);
        assertTrue(config.contains("\nmode: create\n"), config);
        assertTrue(config.contains("# Precedence for every setting"), "comments kept:\n" + config);
        expect("mode create · size 12 · split 0.75/0.25 random");

        // 2. Generate Dataset against the fake server
        expect("Choose (1-6):");
        type("2");
        expect("Topic of the conversations:");
        type("ab");
        expect("say in a few words");
        type("returns and deliveries of a bike shop");
        String llms = expect("LLM that writes the samples");
        type(numberOf(llms, "openai (key: OPENAI_API_KEY)"));
        expect("Model of that LLM");
        type("gpt-4o-mini");
        expect("Endpoint (base URL)");
        type("not a url");
        expect("is not an http(s) URL");
        type(server.baseUrl(Route.OPENAI));
        expect("Samples to generate (1-100000) [12]:");
        type("");
        expect("[1/4] Generating 12 samples with openai gpt-4o-mini");
        expect("generated output/my_dataset.jsonl");
        expect("[2/4] Validating against openai/gpt-4o-mini-2024-07-18");
        expect("[3/4] Splitting 0.75 train / 0.25 validation");
        expect("wrote output/my_dataset.train.jsonl and output/my_dataset.validation.jsonl");
        expect("[4/4] Saving to the database");
        expect("saved dataset 'my_dataset' (12 samples)");
        expect("Press Enter to go back to the menu");
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
        type("");

        // 3. View Dataset Statistics from the database, with charts
        expect("Choose (1-6):");
        type("3");
        String sources = expect("Which dataset?");
        type(numberOf(sources, "a dataset in the database"));
        String datasets = expect("Dataset (1-1)");
        assertTrue(datasets.contains("my_dataset (12 samples, openai/gpt-4o-mini-2024-07-18"), datasets);
        type("1");
        expect("Also write the charts as PNG files? (y/n) [n]:");
        type("y");
        expect("Folder for the charts [output/charts]:");
        type("");
        String stats = expect("statistics done");
        assertTrue(stats.matches("(?s).*== Overview.*\\bexamples\\s+12\\b.*"), stats);
        assertTrue(stats.matches("(?s).*split train\\s+" + train + "\\b.*"), stats);
        assertTrue(stats.contains("== Tokens per target"), stats);
        assertTrue(stats.contains("== Roles"), stats);
        BufferedImage histogram = ImageIO.read(dir.resolve("output/charts/token-histogram.png").toFile());
        assertEquals(800, histogram.getWidth());
        assertTrue(distinctColours(histogram) > 10, "the chart has content");
        expect("Press Enter to go back to the menu");
        type("");

        // 4. Export Dataset: the target's JSONL with CSV (the export stage), then the CSV alone
        expect("Choose (1-6):");
        type("4");
        String exportSources = expect("Which dataset?");
        type(numberOf(exportSources, "the dataset generated in this session"));
        expect("Format (1-3) [3]:");
        type("");
        expect("Folder [output/export]:");
        type("");
        expect("using the split files output/my_dataset.train.jsonl and output/my_dataset.validation.jsonl");
        expect("exported for openai/gpt-4o-mini-2024-07-18 into output/export");
        expect("Press Enter to go back to the menu");
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
        type("");

        expect("Choose (1-6):");
        type("4");
        exportSources = expect("Which dataset?");
        type(numberOf(exportSources, "the dataset generated in this session"));
        expect("Format (1-3) [3]:");
        type("2");
        expect("Folder [output/export]:");
        type("");
        expect("wrote output/export/my_dataset.metadata.csv (12 records)");
        expect("Press Enter to go back to the menu");
        List<String> csv = lines(dir.resolve("output/export/my_dataset.metadata.csv"));
        assertEquals(13, csv.size(), "header and 12 rows");
        assertEquals(String.join(",", DatasetExport.CSV_COLUMNS), csv.get(0));
        type("");

        // 5. Settings: a bad value is refused, a good one saved; then view
        expect("Choose (1-6):");
        type("5");
        expect("Choose (1-4) [4]:");
        type("2");
        String settings = expect("Setting to change (1-");
        type(numberOf(settings, "agent.create.temperature"));
        expect("New value for agent.create.temperature [0.7]:");
        type("7");
        expect("✘");
        type("0.4");
        expect("saved config.yaml (comments kept)");
        assertTrue(Files.readString(dir.resolve("config.yaml")).contains("    temperature: 0.4  "), Files.readString(dir.resolve("config.yaml")));
        expect("Choose (1-4) [4]:");
        type("1");
        String view = expect("Choose (1-4) [4]:");
        assertTrue(view.contains("agent.create.temperature") && view.contains("0.4"), view);
        type("4");

        // 6. Exit
        expect("Choose (1-6):");
        type("6");
        expect("Bye.");
        expect("menu exited with 0");
        String coloured = screen(true);
        assertTrue(coloured.contains("\u001b[32m"), "success messages are green in a terminal");
        assertTrue(coloured.contains("\u001b[31m"), "errors are red in a terminal");
        assertTrue(!screen(false).contains("sk-dummy-menu-test"), "the key never shows");
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

    static String quote(Object path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
