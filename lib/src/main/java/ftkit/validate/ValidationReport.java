package ftkit.validate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.providers.Target;
import ftkit.tokens.TokenCounter;

import java.util.List;
import java.util.Map;

/** The machine-readable report ({@code --report FILE}): everything the summary shows, with every line listed. */
public final class ValidationReport {
    private ValidationReport() {
    }

    public static ObjectNode toJson(Validator.Run run) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("tool", "ftkit validate");
        root.put("exit_code", run.exitCode());
        ArrayNode targets = root.putArray("targets");
        for (int i = 0; i < run.targets().size(); i++) {
            Target t = run.targets().get(i);
            ObjectNode o = targets.addObject();
            o.put("id", t.id());
            o.put("format", t.format());
            o.put("status", t.status());
            if (t.statusNote() != null) o.put("status_note", t.statusNote());
            o.put("accepted", run.accepted(i));
            TokenCounter c = run.counters().get(t.tokenizer());
            o.put("token_method", c.method());
            o.put("token_counts_exact", c.exact());
            o.put("source", t.source());
        }
        ArrayNode files = root.putArray("files");
        for (Validator.FileResult f : run.files()) {
            ObjectNode fo = files.addObject();
            fo.put("file", f.file());
            fo.put("role", f.validationFile() ? "validation" : "training");
            fo.put("bytes", f.bytes());
            fo.put("records", f.lines());
            ObjectNode formats = fo.putObject("formats_detected");
            f.formats().forEach((k, v) -> formats.put(k.id(), v));
            fo.put("duplicates", f.duplicates());
            pairs(fo.putArray("duplicate_lines"), f.duplicatePairs(), "line", "duplicate_of");
            if (f.validationFile()) {
                fo.put("overlap_with_training", f.overlap());
                pairs(fo.putArray("overlap_lines"), f.overlapPairs(), "line", "training_line");
            }
            ArrayNode per = fo.putArray("targets");
            for (TargetTally t : f.tallies()) {
                ObjectNode to = per.addObject();
                to.put("target", t.target().id());
                to.put("accepted", t.accepted());
                to.put("valid", t.valid());
                to.put("invalid", t.invalid());
                to.put("records_with_warnings", t.withWarnings);
                counts(to.putObject("errors_by_type"), t.errorsByType());
                counts(to.putObject("warnings_by_type"), t.warningsByType());
                ObjectNode lines = to.putObject("lines_by_type");
                t.linesByType.forEach((code, l) -> {
                    ArrayNode a = lines.putArray(code);
                    l.forEach(a::add);
                });
                ObjectNode tok = to.putObject("tokens");
                tok.put("method", t.counter.method());
                tok.put("exact", t.counter.exact());
                TokenStats s = t.tokens();
                tok.put("examples", s.count());
                tok.put("min", s.min());
                tok.put("mean", Math.round(s.mean() * 10) / 10.0);
                tok.put("median", s.median());
                tok.put("p95", s.percentile(95));
                tok.put("max", s.max());
                tok.put("total", s.total());
                Long limit = t.target().maxTokensPerExample();
                if (limit != null) tok.put("limit_per_example", limit);
                tok.put("estimated_training_tokens", Summary.trainingTokens(t));
                tok.put("over_limit", t.overLimitCount());
                ArrayNode over = tok.putArray("over_limit_lines");
                for (long[] p : t.overLimit) over.addObject().put("line", p[0]).put("tokens", p[1]);
                ArrayNode ds = to.putArray("dataset_findings");
                for (Finding d : t.datasetFindings()) {
                    ds.addObject().put("code", d.code()).put("severity", d.severity().name().toLowerCase()).put("message", d.message());
                }
            }
        }
        return root;
    }

    private static void counts(ObjectNode node, Map<String, Long> counts) {
        counts.forEach(node::put);
    }

    private static void pairs(ArrayNode node, List<long[]> pairs, String a, String b) {
        for (long[] p : pairs) node.addObject().put(a, p[0]).put(b, p[1]);
    }
}
