package ftkit.extract;

import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The LLM stage's contract, with a scripted proposer in place of a model: only verbatim proposals survive. */
class SpanProposerTest {
    @TempDir
    Path dir;

    @Test
    void onlyVerbatimProposalsAreAcceptedAndOnlyWherePatternsFoundNothing() throws Exception {
        Path prose = Files.writeString(dir.resolve("prose.txt"), "Yesterday Ana asked whether the widget floats. "
                + "Ben told her it sinks like a stone.\n");
        Path faq = Files.writeString(dir.resolve("faq.txt"), "Q: Floats?\nA: No.\n");
        int[] calls = {0};
        ExtractOptions o = new ExtractOptions();
        o.spanProposer = (file, text) -> {
            calls[0]++;
            return List.of(
                    List.of(Message.user("whether the widget floats"), Message.assistant("it sinks like a stone")),
                    List.of(Message.user("Does the widget float?"), Message.assistant("It sinks.")), // paraphrase
                    List.of(Message.user("it sinks like a stone"), Message.assistant("whether the widget floats"))); // out of order
        };
        Extractor x = new Extractor(o);
        List<Sample> s = x.extractFile(new Extractor.InputFile(prose, "prose.txt", Files.size(prose))).samples();
        assertEquals(1, s.size());
        assertEquals("llm", s.get(0).metadata().detector());
        assertEquals("it sinks like a stone", s.get(0).messages().get(1).content());
        assertEquals(1, x.extractFile(new Extractor.InputFile(faq, "faq.txt", Files.size(faq))).samples().size());
        assertEquals(1, calls[0], "not asked when patterns found conversations");
    }
}
