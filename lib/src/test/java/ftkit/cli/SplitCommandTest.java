package ftkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The split command as a user runs it: options, outputs, report, exit codes. */
class SplitCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String err) {
    }

    private Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = SplitCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, err.toString());
    }

    private Path corpus(int n, boolean withBadLine) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"question number " + i + " about item " + (i * 7919 % 1000)
                    + "\"},{\"role\":\"assistant\",\"content\":\"answer " + i + " says " + Integer.toHexString(i * 2654435761L > 0 ? i * 31 : i) + "\"}],"
                    + "\"metadata\":{\"source_file\":\"" + (i % 3 == 0 ? "a.pdf" : "b.md") + "\",\"keywords\":[\"k" + (i % 4) + "\"]}}");
        }
        if (withBadLine) lines.add(5, "{broken");
        return Files.write(dir.resolve("data.jsonl"), lines);
    }

    @Test
    void helpListsExitCodesAndAnExample() {
        StringWriter out = new StringWriter();
        CommandLine cl = SplitCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("--help"));
        String help = out.toString();
        assertTrue(help.contains("Exit codes:") && help.contains("3   split written, but some input lines were unreadable"), help);
        assertTrue(help.contains("split data.jsonl --ratio 80/20 --train train.jsonl --validation val.jsonl"), help);
    }

    @Test
    void splitsIntoAnOutputDirWithAJsonReportAndExit3ForUnreadableLines() throws Exception {
        Path input = corpus(300, true);
        Path out = dir.resolve("out");
        Run r = run(input.toString(), "--ratio", "70/30", "--strategy", "weighted", "--weight-by", "keywords",
                "--output-dir", out.toString(), "--report", out.resolve("report.json").toString());
        assertEquals(3, r.code(), r.err());
        assertEquals(210, Files.readAllLines(out.resolve("data.train.jsonl")).size());
        assertEquals(90, Files.readAllLines(out.resolve("data.validation.jsonl")).size());
        assertEquals(1, Files.readAllLines(out.resolve("data.rejects.jsonl")).size());
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertEquals(90, report.at("/sides/validation").asInt());
        assertEquals("keywords", report.at("/options/weight_by").asText());
        assertTrue(report.at("/distribution/keywords/balance/max_share_deviation_pp").asDouble() < 1.0);
        assertTrue(r.err().contains("by keyword") && r.err().contains("train 210, validation 90"), r.err());
    }

    @Test
    void theTargetsValidationLimitIsApplied() throws Exception {
        Path input = corpus(2400, false);
        Run r = run(input.toString(), "--ratio", "50/50", "--target", "bedrock/claude-3-haiku",
                "--train", dir.resolve("t.jsonl").toString(), "--validation", dir.resolve("v.jsonl").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1000, Files.readAllLines(dir.resolve("v.jsonl")).size());
        assertTrue(r.err().contains("accepts at most 1000 validation records") && r.err().contains("validation capped at 1,000"), r.err());
    }

    @Test
    void usageErrorsExitWith2AndWriteNothing() throws Exception {
        Path input = corpus(20, false);
        assertEquals(2, run(input.toString(), "--ratio", "80/10/10", "--train", "t.jsonl", "--validation", "v.jsonl").code());
        assertEquals(2, run(input.toString(), "--ratio", "fifty").code());
        assertEquals(2, run(input.toString(), "--strategy", "clever", "--output-dir", dir.toString()).code());
        assertEquals(2, run(input.toString()).code());
        assertEquals(2, run(input.toString(), "--target", "nope/none", "--output-dir", dir.toString()).code());
        assertEquals(1, run(dir.resolve("missing.jsonl").toString(), "--output-dir", dir.toString()).code());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(input), files.toList());
        }
    }
}
