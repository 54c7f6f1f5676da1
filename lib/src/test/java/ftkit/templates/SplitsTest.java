package ftkit.templates;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SplitsTest {
    @Test
    void recordValuesMapToTheThreeSplits() {
        assertEquals("train", Splits.normalize(" Train "));
        assertEquals("validation", Splits.normalize("val"));
        assertEquals("validation", Splits.normalize("validation"));
        assertEquals("validation", Splits.normalize("dev"));
        assertEquals("test", Splits.normalize("TEST"));
        assertNull(Splits.normalize("holdout"));
        assertNull(Splits.normalize(null));
    }

    @Test
    void fileNamesAreJudgedByWords() {
        assertEquals("train", Splits.fromFileName(Path.of("data/unified_train.json")));
        assertEquals("validation", Splits.fromFileName(Path.of("tickets-val.csv")));
        assertEquals("validation", Splits.fromFileName(Path.of("validation.jsonl")));
        assertEquals("test", Splits.fromFileName(Path.of("x/test.jsonl")));
        assertNull(Splits.fromFileName(Path.of("latest.jsonl")), "'latest' is not 'test'");
        assertNull(Splits.fromFileName(Path.of("contest_entries.csv")));
        assertNull(Splits.fromFileName(Path.of("train_test_mixed.jsonl")), "two splits named: mixed");
        assertNull(Splits.fromFileName(Path.of("tickets.csv")));
    }
}
