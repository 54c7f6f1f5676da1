package ftkit.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ftkit.config.Config;
import ftkit.config.ConfigException;
import ftkit.config.ConfigFile;
import ftkit.config.Setting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigEditorTest {
    static final String YAML = """
            # my settings
            provider: openai   # the target
            model: gpt-4o-mini-2024-07-18

            split:
              enabled: true
              ratio: 0.8               # training share
              # seed: 7

            output:
              dir: output
            """;

    @TempDir
    Path dir;

    @Test
    void replacesAValueInPlaceKeepingCommentsAndTheirColumn() {
        String out = ConfigEditor.set(YAML, Setting.SPLIT_RATIO, "0.75");
        assertEquals(YAML.replace("  ratio: 0.8               # training share", "  ratio: 0.75              # training share"), out);
        String provider = ConfigEditor.set(YAML, Setting.PROVIDER, "mistral");
        assertTrue(provider.contains("provider: mistral  # the target\n"), provider);
    }

    @Test
    void addsMissingKeysInTheirSectionOrANewOne() throws Exception {
        Map<Setting, String> values = new LinkedHashMap<>();
        values.put(Setting.SPLIT_SEED, "7");
        values.put(Setting.CREATE_TEMPERATURE, "0.3");
        values.put(Setting.DATASET_SIZE, "12");
        values.put(Setting.OUTPUT_INCLUDE_CSV, "false");
        String out = ConfigEditor.setAll(YAML, values);
        assertTrue(out.contains("  ratio: 0.8               # training share\n  seed: 7\n  # seed: 7\n"), out);
        assertTrue(out.contains("output:\n  dir: output\n  include_csv: false\n"), out);
        assertTrue(out.contains("agent:\n  create:\n    temperature: 0.3\n"), out);
        assertTrue(out.contains("\ndataset_size: 12\n"), out);
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, out);
        Config config = ConfigFile.load(file);
        assertEquals(7L, config.split().seed());
        assertEquals(0.3, config.agent().create().temperature());
        assertEquals(12, config.datasetSize());
        assertEquals(false, config.output().includeCsv());
        assertEquals(0.8, config.split().ratio());
    }

    @Test
    void quotesTextThatIsNotAPlainScalar() throws Exception {
        String out = ConfigEditor.set(YAML, Setting.OUTPUT_DIR, "my data: #1");
        assertTrue(out.contains("  dir: \"my data: #1\"\n"), out);
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, out);
        assertEquals(Path.of("my data: #1"), ConfigFile.load(file).output().dir());
    }

    @Test
    void saveChecksFirstAndLeavesTheFileAloneOnProblems() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, YAML);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigEditor.save(file, ConfigEditor.set(YAML, Setting.SPLIT_RATIO, "1.5")));
        assertTrue(e.problems().toString().contains("config.yaml:7"), "names the file and line: " + e.problems());
        assertEquals(YAML, Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
        ConfigEditor.save(file, ConfigEditor.set(YAML, Setting.SPLIT_RATIO, "0.9"));
        assertEquals(0.9, ConfigFile.load(file).split().ratio());
        assertTrue(Files.readString(file).startsWith("# my settings\n"));
    }
}
