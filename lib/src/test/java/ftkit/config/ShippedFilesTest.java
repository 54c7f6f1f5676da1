package ftkit.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The example config.yaml and .env.example at the repository root are valid and complete. */
class ShippedFilesTest {
    @Test
    void theShippedConfigParsesAndWorksWithoutAKey() throws Exception {
        Path file = RepoFiles.file("config.yaml");
        Settings settings = Settings.resolve(Map.of(), Map.of(), file, RepoFiles.root().resolve("lib"));
        Config c = settings.config();
        assertEquals(Config.Provider.OPENAI, c.provider());
        assertEquals("gpt-4o-mini-2024-07-18", c.model());
        assertEquals(Config.Mode.IDENTIFY, c.mode(), "identify needs no API key");
        assertEquals(List.of(), settings.warnings());
        // Apart from provider, model, mode and the agents' model, the example keeps the brief's defaults.
        Set<Setting> changed = EnumSet.of(Setting.PROVIDER, Setting.MODEL, Setting.MODE, Setting.AGENTIC_MODEL);
        for (Setting s : Setting.values()) {
            if (!changed.contains(s)) assertEquals(s.defaultValue(), settings.value(s), s.key());
        }
    }

    @Test
    void theShippedConfigShowsEveryKey() throws Exception {
        Path file = RepoFiles.file("config.yaml");
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigFile config = ConfigFile.read(file, "config.yaml", problems);
        assertEquals(List.of(), problems);
        String text = Files.readString(file);
        for (Setting s : Setting.values()) {
            if (s.kind().optional()) {
                assertTrue(text.contains("# " + s.leaf() + ":"), s.key() + " is shown commented out");
            } else {
                assertTrue(config.entry(s).isPresent(), s.key() + " is missing from the shipped config.yaml");
            }
        }
    }

    @Test
    void theShippedEnvExampleParsesAndCoversEveryProvider() throws Exception {
        Path file = RepoFiles.file(".env.example");
        List<ConfigProblem> problems = new ArrayList<>();
        DotEnv env = DotEnv.read(file, ".env.example", problems);
        assertEquals(List.of(), problems);
        String text = Files.readString(file);
        for (String name : Secrets.KNOWN) assertTrue(text.contains(name + "="), name);
        assertTrue(text.contains("FTKIT_BASE_URL="));
        assertFalse(text.toUpperCase().contains("SUPABASE"));
        // Copying the example must not produce fake keys that look set.
        for (String key : List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "MISTRAL_API_KEY", "LLAMA_API_KEY")) {
            assertEquals("", env.entries().get(key).value(), key);
        }
        // And as a .env it resolves cleanly with the shipped config.
        Settings s = Settings.resolve(Map.of(), env.entries().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value())),
                RepoFiles.file("config.yaml"), RepoFiles.root().resolve("lib"));
        assertEquals(Config.Provider.GOOGLE, s.config().system().agenticLlm());
    }

    @Test
    void envExampleIsNotIgnoredButDotEnvIs() throws Exception {
        List<String> ignore = Files.readAllLines(RepoFiles.file(".gitignore"));
        assertTrue(ignore.contains(".env"), ".env must be git-ignored");
        assertFalse(ignore.contains(".env*"), ".env.example must stay committed");
    }
}
