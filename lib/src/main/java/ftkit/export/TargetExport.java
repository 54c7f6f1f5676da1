package ftkit.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import ftkit.io.Json;
import ftkit.io.JsonlLine;
import ftkit.io.JsonlReader;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;
import ftkit.providers.Target;
import ftkit.validate.Finding;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything export writes for one target, inside a private staging folder: the train/validation/test JSONL (cut
 * into parts at the target's size limit), the CSV metadata, the provenance manifest, the rejects, and at the end
 * {@code dataset_info.txt} and the dataset card. {@link Exporter} moves the finished folder into place.
 */
final class TargetExport implements AutoCloseable {
    static final String CSV = "_metadata.csv";
    static final String MANIFEST = "_manifest.jsonl";
    static final String REJECTS = "_rejects.jsonl";
    static final String INFO = "dataset_info.txt";
    static final String CARD = "README.md";
    private static final String MANIFEST_PARTIAL = ".manifest.partial";
    private static final CsvSchema CSV_SCHEMA = CsvSchema.builder()
            .addColumn("sample_id").addColumn("content_preview").addColumn("token_length")
            .addColumn("token_length_estimated").addColumn("topic_keywords").addColumn("source_file").addColumn("split")
            .build().withHeader();
    private static final int PREVIEW_CHARS = 100;

    final ExportGate gate;
    final String slug;
    final Path staging;
    private final String name;
    private final boolean includeCsv;
    private final boolean includeStats;
    private final Map<ExportSplit, PartedJsonlWriter> writers = new EnumMap<>(ExportSplit.class);
    final Map<ExportSplit, SplitStats> stats = new EnumMap<>(ExportSplit.class);
    final Map<String, Long> rejectCodes = new TreeMap<>();
    final Map<String, Long> warningCodes = new TreeMap<>();
    long rejected;
    private final OutputStream manifest;
    private OutputStream rejects;
    private final SequenceWriter csv;
    private final OutputStream csvStream;
    List<Finding> datasetFindings = List.of();
    final Map<ExportSplit, List<String>> files = new EnumMap<>(ExportSplit.class);

    TargetExport(ExportGate gate, String slug, Path staging, String name, boolean includeCsv, boolean includeStats) throws IOException {
        this.gate = gate;
        this.slug = slug;
        this.staging = staging;
        this.name = name;
        this.includeCsv = includeCsv;
        this.includeStats = includeStats;
        Files.createDirectories(staging);
        Target t = gate.target();
        for (ExportSplit s : ExportSplit.values()) {
            long limit = s == ExportSplit.VALIDATION && t.maxValidationFileBytes() != null ? t.maxValidationFileBytes()
                    : t.maxFileBytes() != null ? t.maxFileBytes() : Long.MAX_VALUE;
            writers.put(s, new PartedJsonlWriter(staging, name + "_" + s.id(), limit));
            stats.put(s, new SplitStats());
        }
        manifest = new BufferedOutputStream(Files.newOutputStream(staging.resolve(MANIFEST_PARTIAL)), 1 << 16);
        if (includeCsv) {
            csvStream = new BufferedOutputStream(Files.newOutputStream(staging.resolve(name + CSV)), 1 << 16);
            csv = new CsvMapper().writer(CSV_SCHEMA).writeValues(csvStream);
        } else {
            csvStream = null;
            csv = null;
        }
    }

    Target target() {
        return gate.target();
    }

    /** Gates one sample and writes it, or its rejection. */
    void add(Sample sample, String sampleId, ExportSplit split, JsonlLine line) throws IOException {
        ExportGate.Outcome o = gate.check(sample);
        for (Finding w : o.warnings()) warningCodes.merge(w.code(), 1L, Long::sum);
        if (!o.accepted()) {
            reject(line, sampleId, split, o.errors());
            return;
        }
        PartedJsonlWriter w = writers.get(split);
        if (!w.fits(o.line().length)) {
            reject(line, sampleId, split, List.of(Finding.error("record_too_large", "the record alone is " + (o.line().length + 1)
                    + " bytes, more than the target's file size limit")));
            return;
        }
        long[] at = w.write(o.line());
        stats.get(split).add(sample, o.tokens());
        if (csv != null) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("sample_id", sampleId);
            row.put("content_preview", preview(sample));
            row.put("token_length", o.tokens());
            row.put("token_length_estimated", !gate.counter().exact());
            row.put("topic_keywords", String.join(", ", sample.metadata().keywords()));
            row.put("source_file", sample.metadata().sourceFile() == null ? "" : sample.metadata().sourceFile());
            row.put("split", split.id());
            csv.write(row);
        }
        SampleMetadata meta = sample.metadata();
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("split", split.id());
        m.put("part", at[0]);
        m.put("line", at[1]);
        m.put("sample_id", sampleId);
        m.put("input", line.source());
        m.put("input_line", line.number());
        m.put("source_file", meta.sourceFile());
        m.set("locator", meta.locator().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.valueToTree(meta.locator()));
        m.put("mode", meta.mode());
        m.put("model", model(meta));
        m.put("prompt_version", meta.getString("prompt_version"));
        manifest.write(Json.MAPPER.writeValueAsBytes(m));
        manifest.write('\n');
    }

    /** The model that wrote a generated sample: metadata.model, or the model named in an "llm:provider/model" detector. */
    static String model(SampleMetadata meta) {
        String model = meta.getString("model");
        if (model != null) return model;
        String d = meta.detector();
        if (d != null && d.startsWith("llm:")) return d.substring(4);
        return null;
    }

    static String preview(Sample sample) {
        String text = null;
        for (Message m : sample.messages()) {
            if (Message.USER.equals(m.role()) && m.content() != null) {
                text = m.content();
                break;
            }
        }
        if (text == null) text = sample.messages().isEmpty() ? "" : sample.messages().get(0).contentOrEmpty();
        String flat = text.replaceAll("\\s+", " ").strip();
        if (flat.length() <= PREVIEW_CHARS) return flat;
        int cut = PREVIEW_CHARS - 1;
        // Never cut between the two halves of a surrogate pair (emoji): the half left would be invalid UTF-16.
        if (Character.isHighSurrogate(flat.charAt(cut - 1))) cut--;
        return flat.substring(0, cut) + "…";
    }

    void reject(JsonlLine line, String sampleId, ExportSplit split, List<Finding> errors) throws IOException {
        rejected++;
        for (Finding f : errors) rejectCodes.merge(f.code(), 1L, Long::sum);
        if (rejects == null) rejects = new BufferedOutputStream(Files.newOutputStream(staging.resolve(name + REJECTS)), 1 << 16);
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("input", line.source());
        r.put("line", line.number());
        if (sampleId != null) r.put("sample_id", sampleId);
        if (split != null) r.put("split", split.id());
        r.put("target", target().id());
        var arr = r.putArray("errors");
        for (Finding f : errors) arr.addObject().put("code", f.code()).put("message", f.message());
        r.put("record", new String(line.bytes(), StandardCharsets.UTF_8));
        rejects.write(Json.MAPPER.writeValueAsBytes(r));
        rejects.write('\n');
    }

    long exported(ExportSplit s) {
        return writers.get(s).lines();
    }

    long bytes(ExportSplit s) {
        return writers.get(s).bytes();
    }

    List<Long> partLines(ExportSplit s) {
        return writers.get(s).lineCounts();
    }

    /** Closes the data files, names the parts, writes the manifest with final names, the info file and the card. */
    void finish(ExportReport.Context context) throws IOException {
        for (ExportSplit s : ExportSplit.values()) files.put(s, writers.get(s).finish());
        manifest.close();
        if (rejects != null) rejects.close();
        if (csv != null) {
            csv.close();
            csvStream.close();
        }
        Path partial = staging.resolve(MANIFEST_PARTIAL);
        try (JsonlReader in = JsonlReader.open(partial.toString());
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(staging.resolve(name + MANIFEST)), 1 << 16)) {
            for (JsonlLine l : in) {
                JsonNode n = l.node();
                ExportSplit s = ExportSplit.parse(n.get("split").asText());
                ObjectNode m = Json.MAPPER.createObjectNode();
                m.put("file", writers.get(s).name(n.get("part").asLong()));
                ((ObjectNode) n).remove(List.of("split", "part"));
                m.setAll((ObjectNode) n);
                out.write(Json.MAPPER.writeValueAsBytes(m));
                out.write('\n');
            }
        }
        Files.delete(partial);
        datasetFindings = DatasetLimits.check(target(), exported(ExportSplit.TRAIN), exported(ExportSplit.VALIDATION), exported(ExportSplit.TEST));
        if (includeStats) Files.writeString(staging.resolve(INFO), ExportReport.datasetInfo(this, context), StandardCharsets.UTF_8);
        Files.writeString(staging.resolve(CARD), ExportReport.card(this, context), StandardCharsets.UTF_8);
    }

    String name() {
        return name;
    }

    boolean includeCsv() {
        return includeCsv;
    }

    List<String> allFiles() {
        List<String> all = new ArrayList<>();
        for (List<String> l : files.values()) all.addAll(l);
        return all;
    }

    boolean hasErrors() {
        return rejected > 0 || datasetFindings.stream().anyMatch(Finding::isError);
    }

    @Override
    public void close() throws IOException {
        for (PartedJsonlWriter w : writers.values()) w.close();
        manifest.close();
        if (rejects != null) rejects.close();
        if (csvStream != null) csvStream.close();
    }
}
