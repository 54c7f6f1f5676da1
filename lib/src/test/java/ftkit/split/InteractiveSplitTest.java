package ftkit.split;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The terminal dialogue, driven by scripted answers. */
class InteractiveSplitTest {
    @TempDir
    Path dir;

    private String dialogue(String answers, int expectedCode) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new InteractiveSplit(new BufferedReader(new StringReader(answers)), out, null).run(null);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedCode, code, text);
        return text;
    }

    @Test
    void asksTheBriefsQuestionsAndSplitsAsAnswered() throws Exception {
        Path input = SplitCorpus.standard(31).write(dir.resolve("faq.jsonl"));
        Path out = dir.resolve("out");
        // file (first a wrong one), split? yes, show distribution? yes, ratio: custom (bad, then 85/15), strategy: by source, folder.
        String text = dialogue(dir.resolve("missing.jsonl") + "\n" + input + "\ny\n\n4\n85-x\n85/15\n2\n" + out + "\n", 0);
        assertTrue(text.contains("no such file"), text);
        assertTrue(text.contains("Split into train and validation sets? [Y/n]"), text);
        assertTrue(text.contains("by source") && text.contains("big.pdf"), "distribution shown: " + text);
        assertTrue(text.contains("is not a ratio"), text);
        assertTrue(text.contains("weighted by source"), text);
        long val = Files.readAllLines(out.resolve("faq.validation.jsonl")).size();
        long train = Files.readAllLines(out.resolve("faq.train.jsonl")).size();
        assertEquals(0.15, val / (double) (val + train), 0.02);
    }

    @Test
    void declinedSplitWritesNothingAndClosedInputAborts() throws Exception {
        Path input = SplitCorpus.standard(32).write(dir.resolve("d.jsonl"));
        String text = dialogue(input + "\nn\n", 0);
        assertTrue(text.contains("Not split"), text);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the input exists");
        }
        String aborted = dialogue(input + "\ny\nmaybe\n", 2);
        assertTrue(aborted.contains("please answer y or n") && aborted.contains("Input closed"), aborted);
    }
}
