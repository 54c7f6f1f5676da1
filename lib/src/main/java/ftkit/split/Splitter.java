package ftkit.split;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.io.JsonlWriter;
import ftkit.io.SampleReader;
import ftkit.model.Sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a JSONL file of samples (any format {@link SampleReader} reads) into train, validation and optional test
 * files of canonical samples, each with {@code metadata.split} set. Two streaming passes: {@link SplitAnalysis}
 * builds groups and keys, {@link SplitAssignment} decides, and the second pass writes every side in input order
 * through temporary files that are renamed into place only when all of them are complete.
 */
public final class Splitter {
    private Splitter() {
    }

    /** Where the sides go. {@code test} is required when the ratio has a test share; {@code rejects} is optional. */
    public record Outputs(Path train, Path validation, Path test, Path rejects) {
        /** {@code DIR/<name>.train.jsonl}, {@code .validation.jsonl}, {@code .test.jsonl} (if wanted), {@code .rejects.jsonl}. */
        public static Outputs inDirectory(Path dir, String name, boolean test) {
            return new Outputs(dir.resolve(name + ".train.jsonl"), dir.resolve(name + ".validation.jsonl"),
                    test ? dir.resolve(name + ".test.jsonl") : null, dir.resolve(name + ".rejects.jsonl"));
        }
    }

    /** Both passes: analyse, assign, write. */
    public static SplitReport split(Path input, SplitOptions options, Outputs outputs) throws IOException, SplitException {
        checkOutputs(input, options, outputs);
        SplitAnalysis analysis = SplitAnalysis.scan(input, options.nearDuplicates(), options.nearDuplicateThreshold());
        SplitAssignment assignment = SplitAssignment.assign(analysis, options);
        return write(analysis, assignment, options, outputs);
    }

    /** Copies stdin (which cannot be read twice) to a temporary file; the caller deletes it. */
    public static Path spool(InputStream in, Path dir) throws IOException {
        Path tmp = Files.createTempFile(dir, "ftkit-split-stdin-", ".jsonl");
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        return tmp;
    }

    static void checkOutputs(Path input, SplitOptions options, Outputs outputs) throws SplitException {
        if (outputs.train() == null || outputs.validation() == null) {
            throw new SplitException("both a train and a validation output are needed", true);
        }
        if (options.ratio().test() > 0 && outputs.test() == null) {
            throw new SplitException("the ratio " + options.ratio() + " has a test share: name a test output (--test FILE)", true);
        }
        Set<Path> seen = new HashSet<>();
        Path in = input.toAbsolutePath().normalize();
        for (Path p : Arrays.asList(outputs.train(), outputs.validation(), outputs.test(), outputs.rejects())) {
            if (p == null) continue;
            Path abs = p.toAbsolutePath().normalize();
            if (abs.equals(in)) throw new SplitException(p + ": an output cannot overwrite the input", true);
            if (!seen.add(abs)) throw new SplitException(p + ": the same file is named for two outputs", true);
        }
    }

    /** The second pass: re-reads the input and writes each sample to its side; all outputs appear together or none. */
    public static SplitReport write(SplitAnalysis analysis, SplitAssignment assignment, SplitOptions options, Outputs outputs)
            throws IOException, SplitException {
        checkOutputs(analysis.input(), options, outputs);
        Distribution bySource = new Distribution("source", analysis.sourceCounts());
        Distribution byKeyword = new Distribution("keyword", analysis.keywordCounts());
        JsonlWriter[] writers = new JsonlWriter[3];
        JsonlWriter rejects = null;
        try {
            writers[0] = JsonlWriter.open(outputs.train());
            writers[1] = JsonlWriter.open(outputs.validation());
            if (outputs.test() != null) writers[2] = JsonlWriter.open(outputs.test());
            if (outputs.rejects() != null) rejects = JsonlWriter.open(outputs.rejects());
            int ordinal = 0;
            long rejected = 0;
            long checksum = 0;
            try (SampleReader reader = SampleReader.open(analysis.input().toString())) {
                for (SampleReader.Entry entry : reader) {
                    checksum = checksum * 31 + Arrays.hashCode(entry.line().bytes());
                    if (!entry.ok()) {
                        rejected++;
                        if (rejects != null) {
                            ObjectNode r = Json.MAPPER.createObjectNode();
                            r.put("source", entry.line().source());
                            r.put("line", entry.line().number());
                            r.put("code", entry.errorCode());
                            r.put("error", entry.error());
                            r.put("text", entry.line().text());
                            rejects.write(r);
                        }
                        continue;
                    }
                    if (ordinal >= analysis.samples()) break;
                    Side side = assignment.sideOf(ordinal++);
                    Sample s = entry.sample();
                    s.metadata().split(side.id());
                    if (writers[side.ordinal()] == null) {
                        throw new SplitException("a sample was assigned to " + side.id() + " but no " + side.id() + " output was given", true);
                    }
                    writers[side.ordinal()].write(s);
                    String source = s.metadata().sourceFile() == null || s.metadata().sourceFile().isBlank()
                            ? SplitAnalysis.NONE : s.metadata().sourceFile();
                    bySource.add(source, side);
                    List<String> kws = SplitAnalysis.cleanKeywords(s.metadata().keywords());
                    if (kws.isEmpty()) byKeyword.add(SplitAnalysis.NONE, side);
                    for (String k : kws) byKeyword.add(k, side);
                }
            }
            if (ordinal != analysis.samples() || checksum != analysis.checksum) {
                throw new SplitException(analysis.input() + " changed while it was being split (first pass "
                        + analysis.samples() + " samples, second pass " + ordinal + "); nothing was written", false);
            }
            for (JsonlWriter w : writers) if (w != null) w.commit();
            if (rejects != null) {
                if (rejected > 0) {
                    rejects.commit();
                } else {
                    // No rejects this time: a rejects file of an earlier run of the same outputs would mislead.
                    rejects.close();
                    Files.deleteIfExists(outputs.rejects());
                }
            }
            return new SplitReport(analysis, assignment, options, bySource, byKeyword, outputs, rejected);
        } finally {
            for (JsonlWriter w : writers) if (w != null) w.close();
            if (rejects != null) rejects.close();
        }
    }
}
