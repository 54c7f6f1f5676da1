package ftkit.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * docs/config.md holds the table generated from {@link Setting}. If this test fails after a change to Setting,
 * regenerate the table: {@code mvn -B -f lib/pom.xml test -Dtest=ConfigDocsTest -Dftkit.updateDocs=true}.
 */
class ConfigDocsTest {
    @Test
    void docsHoldTheTableGeneratedFromTheCode() throws Exception {
        Path docs = RepoFiles.file("docs/config.md");
        String text = Files.readString(docs);
        String expected = ConfigDocs.withTable(text);
        if (Boolean.getBoolean("ftkit.updateDocs") && !expected.equals(text)) {
            Files.writeString(docs, expected);
            text = expected;
        }
        assertEquals(expected, text, "docs/config.md is out of date; regenerate it with -Dftkit.updateDocs=true");
    }

    @Test
    void everyKeyEnvironmentVariableAndFlagIsDocumented() throws Exception {
        String text = Files.readString(RepoFiles.file("docs/config.md"));
        for (Setting s : Setting.values()) {
            assertTrue(text.contains("| `" + s.key() + "` |"), s.key());
            assertTrue(text.contains("`" + s.envVar() + "`"), s.envVar());
            assertTrue(text.contains("`" + s.flag() + "`"), s.flag());
        }
        assertTrue(text.contains(Setting.CONFIG_ENV));
        for (String secret : Secrets.KNOWN) assertTrue(text.contains(secret), secret);
    }

    @Test
    void theGeneratedTableHasOneRowPerSetting() {
        String table = ConfigDocs.markdownTable();
        assertEquals(Setting.values().length + 2, table.lines().count());
        assertTrue(table.contains("| `split.ratio` | number | `0.8` | between 0 and 1 (exclusive) | `FTKIT_SPLIT_RATIO` | `--split-ratio` |"), table);
        assertTrue(table.contains("| `system.base_url` | URL | (unset) |"), table);
        assertThrows(IllegalArgumentException.class, () -> ConfigDocs.withTable("no markers"));
    }
}
