package ftkit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ftkit.store.Dataset;
import ftkit.tokens.TokenCounter;
import ftkit.tokens.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookDatasetTest {
    private static final TokenCounter OPENAI = Tokenizers.forTokenizer("o200k_base", null, w -> { }, null);

    @TempDir
    Path dir;

    private Path chatFile() throws IOException {
        Path file = dir.resolve("chat.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"What is JSONL?\"},{\"role\":\"assistant\",\"content\":\"One JSON value per line.\"}],"
                        + "\"metadata\":{\"source_file\":\"faq.md\",\"keywords\":[\"jsonl\"],\"split\":\"train\"}}",
                "",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello!\"}],"
                        + "\"metadata\":{\"source_file\":\"chat.txt\",\"keywords\":[\"greeting\"],\"split\":\"validation\"}}",
                ""));
        return file;
    }

    @Test
    void choosesTheDatabaseWhenFtkitDbIsSetElseTheFileElseTheDefault() {
        assertEquals(NotebookDataset.sqlite("x.db", "d1"),
                NotebookDataset.choose(Map.of("FTKIT_DB", "x.db", "FTKIT_DATASET_ID", "d1", "FTKIT_DATASET", "f.jsonl"), "default.jsonl", null, null));
        assertEquals(NotebookDataset.sqlite("x.db", null), NotebookDataset.choose(Map.of("FTKIT_DB", "x.db"), "default.jsonl", null, null));
        assertEquals(NotebookDataset.jsonl("f.jsonl"), NotebookDataset.choose(Map.of("FTKIT_DATASET", "f.jsonl"), "default.jsonl", "d.db", null));
        assertEquals(NotebookDataset.jsonl("default.jsonl"), NotebookDataset.choose(Map.of(), "default.jsonl", null, null));
        assertEquals(NotebookDataset.sqlite("d.db", "id"), NotebookDataset.choose(Map.of(), "default.jsonl", "d.db", "id"));
        assertThrows(IllegalArgumentException.class, () -> NotebookDataset.choose(Map.of(), null, null, null));
        assertTrue(NotebookDataset.sqlite("x.db", null).describe().contains("SQLite x.db"));
        assertEquals(NotebookDataset.sqlite("x.db", "d1"), NotebookDataset.database("x.db", " d1 ", Map.of()));

        // a JDBC URL, with the credentials from the environment: described without the password
        NotebookDataset pg = NotebookDataset.choose(Map.of("FTKIT_DB", "jdbc:postgresql://db.example:5432/ftkit?password=inline",
                "FTKIT_DATABASE_USER", "me", "FTKIT_DATABASE_PASSWORD", "s3cret"), "default.jsonl", null, "curated");
        assertTrue(pg.isDatabase());
        assertEquals("me", pg.database().user());
        assertEquals("s3cret", pg.database().password());
        assertEquals("dataset 'curated' in PostgreSQL jdbc:postgresql://db.example:5432/ftkit?password=*** (user from FTKIT_DATABASE_USER)",
                pg.describe());
        assertThrows(ftkit.store.StoreException.class, () -> NotebookDataset.database("jdbc:mysql://h/db", null, Map.of()));
    }

    @Test
    void aJsonlFileSavedToSqliteReadsBackTheSameSamplesWithTheirLineNumbers() throws IOException {
        Path file = chatFile();
        Path db = dir.resolve("ftkit.db");
        Dataset saved = NotebookDataset.importJsonl(file, db, "chat sample");
        assertEquals("chat-sample", saved.id());
        assertEquals(2, saved.totalSamples());

        DatasetTokens fromFile = DatasetTokens.read(file.toString(), OPENAI);
        DatasetTokens fromDb = DatasetTokens.read(NotebookDataset.sqlite(db.toString(), null), OPENAI);
        assertEquals(2, fromDb.examples().size());
        assertEquals(fromFile.tokenCounts(), fromDb.tokenCounts());
        assertEquals(List.of(1L, 3L), fromDb.examples().stream().map(ExampleTokens::line).toList());
        assertEquals(List.of("faq.md", "chat.txt"), fromDb.examples().stream().map(ExampleTokens::source).toList());
        assertEquals(List.of("train", "validation"), fromDb.examples().stream().map(ExampleTokens::split).toList());
        assertEquals(List.of("canonical", "canonical"), fromDb.examples().stream().map(ExampleTokens::format).toList());

        // the stored dataset as a file for the splitter: same samples, same metadata
        Path copy = NotebookDataset.sqlite(db.toString(), "chat-sample").asJsonlFile(dir);
        DatasetTokens fromCopy = DatasetTokens.read(copy.toString(), OPENAI);
        assertEquals(fromFile.tokenCounts(), fromCopy.tokenCounts());
        assertEquals(List.of("jsonl"), fromCopy.examples().get(0).keywords());
        assertEquals(file, NotebookDataset.jsonl(file.toString()).asJsonlFile(dir));
    }

    @Test
    void aDatabaseWithSeveralDatasetsNeedsAnIdAndAWrongIdOrPathIsNamed() throws IOException {
        Path file = chatFile();
        Path db = dir.resolve("two.db");
        NotebookDataset.importJsonl(file, db, "first");
        NotebookDataset.importJsonl(file, db, "second");

        IOException ambiguous = assertThrows(IOException.class, () -> NotebookDataset.sqlite(db.toString(), null).forEachSample(s -> { }));
        assertTrue(ambiguous.getMessage().contains("first, second") && ambiguous.getMessage().contains("FTKIT_DATASET_ID"), ambiguous.getMessage());
        IOException unknown = assertThrows(IOException.class, () -> NotebookDataset.sqlite(db.toString(), "third").forEachSample(s -> { }));
        assertTrue(unknown.getMessage().contains("no dataset 'third'"), unknown.getMessage());
        List<String> seen = new ArrayList<>();
        NotebookDataset.sqlite(db.toString(), "second").forEachSample(s -> seen.add(s.messages().get(0).content()));
        assertEquals(List.of("What is JSONL?", "Hi"), seen);

        Path missing = dir.resolve("missing.db");
        IOException absent = assertThrows(IOException.class, () -> NotebookDataset.sqlite(missing.toString(), null).forEachSample(s -> { }));
        assertTrue(absent.getMessage().contains("no SQLite database at"), absent.getMessage());
        assertFalse(Files.exists(missing), "reading must not create the database");
    }
}
