package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    private static Journal.Entry ok(String key, int index, String sample, long tokens, double cost) {
        return new Journal.Entry(key, index, Journal.Status.OK, sample, null, null, tokens, tokens, cost, 1);
    }

    @Test
    void anOkRowIsFinalAndEmittedAtMostOnceAcrossReopening() throws Exception {
        Path file = dir.resolve("j.sqlite");
        try (Journal journal = Journal.open(file, "fp-1", "test")) {
            assertTrue(journal.record(new Journal.Entry("b", 1, Journal.Status.FAILED, null, "HTTP 503", null, 0, 0, 0, 3)));
            assertTrue(journal.record(ok("b", 1, "{\"id\":\"b\"}", 10, 0.5)), "a failed task may succeed later");
            assertTrue(journal.record(ok("a", 0, "{\"id\":\"a\"}", 5, 0.25)));
            assertFalse(journal.record(ok("a", 0, "{\"id\":\"other\"}", 5, 0.25)), "an ok row is never replaced");
            assertTrue(journal.markEmitted("a"));
            assertFalse(journal.markEmitted("a"));
        }
        try (Journal journal = Journal.open(file, "fp-1", "test")) {
            assertEquals(Map.of("a", Journal.Status.OK, "b", Journal.Status.OK), journal.states());
            assertFalse(journal.markEmitted("a"), "still emitted after reopening");
            List<String> unemitted = new ArrayList<>();
            journal.forEach(Journal.Status.OK, true, e -> unemitted.add(e.sample()));
            assertEquals(List.of("{\"id\":\"b\"}"), unemitted);
            List<String> all = new ArrayList<>();
            journal.forEach(Journal.Status.OK, false, e -> all.add(e.key()));
            assertEquals(List.of("a", "b"), all, "plan order");
            Journal.Totals totals = journal.totals();
            assertEquals(2, totals.ok());
            assertEquals(15, totals.inputTokens(), "tokens of every attempt of b add up, a's duplicate is ignored");
            assertEquals(0.75, totals.cost(), 1e-9);
        }
    }

    @Test
    void aJournalOfAnotherRunIsRefused() throws Exception {
        Path file = dir.resolve("j.sqlite");
        try (Journal journal = Journal.open(file, "fp-1", "create openai/gpt")) {
            journal.record(ok("a", 0, "{}", 1, 0));
        }
        var e = assertThrows(Journal.JournalMismatchException.class, () -> Journal.open(file, "fp-2", "other"));
        assertTrue(e.getMessage().contains("is the journal of another run (create openai/gpt)"), e.getMessage());
    }
}
