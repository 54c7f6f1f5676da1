package ftkit.menu;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.SequenceWriter;

import ftkit.io.AtomicOutput;
import ftkit.io.SampleReader;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;
import ftkit.tokens.TokenCounter;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The menu's "CSV metadata" export on its own (ftkit.export writes its CSV beside the target's JSONL only):
 * one row per sample, streamed with a progress bar and written atomically.
 */
public final class DatasetExport {
    public static final List<String> CSV_COLUMNS = List.of("line", "id", "split", "source_file", "keywords", "category",
            "complexity", "mode", "messages", "user_turns", "tokens");

    /** What one export wrote. */
    public record Result(Path file, long written, long skipped) {
    }

    private final TokenCounter counter;
    private final Prompter ui;

    public DatasetExport(TokenCounter counter, Prompter ui) {
        this.counter = counter;
        this.ui = ui;
    }

    public Result metadataCsv(Path input, Path output) throws IOException {
        long total = countLines(input);
        long skipped = 0;
        long written = 0;
        CsvMapper csv = new CsvMapper();
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        for (String column : CSV_COLUMNS) schema.addColumn(column);
        try (SampleReader reader = SampleReader.open(input.toString());
             AtomicOutput out = AtomicOutput.open(output);
             ProgressBar bar = bar("CSV", total)) {
            Writer text = new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8);
            try (SequenceWriter rows = csv.writer(schema.build()).writeValues(text)) {
                for (SampleReader.Entry entry : reader) {
                    bar.step();
                    if (!entry.ok()) {
                        skipped++;
                        continue;
                    }
                    rows.write(row(entry.line().number(), entry.sample()));
                    written++;
                }
                rows.flush();
                text.flush();
                out.commit();
            }
            return new Result(output, written, skipped);
        }
    }

    List<Object> row(long line, Sample sample) {
        SampleMetadata meta = sample.metadata();
        int userTurns = 0;
        for (Message m : sample.messages()) if (Message.USER.equals(m.role())) userTurns++;
        List<Object> row = new ArrayList<>();
        row.add(line);
        row.add(sample.id() == null ? "" : sample.id());
        row.add(meta.split() == null ? "" : meta.split());
        row.add(meta.sourceFile() == null ? "" : meta.sourceFile());
        row.add(String.join(";", meta.keywords()));
        row.add(text(meta, "category"));
        row.add(text(meta, "complexity"));
        row.add(meta.mode() == null ? "" : meta.mode());
        row.add(sample.conversation().size());
        row.add(userTurns);
        row.add(counter.count(sample));
        return row;
    }

    private static String text(SampleMetadata meta, String key) {
        String v = meta.getString(key);
        if (v == null) v = meta.tags().get(key);
        return v == null ? "" : v;
    }

    private ProgressBar bar(String task, long total) {
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(100).continuousUpdate().build();
    }

    static long countLines(Path input) throws IOException {
        try (Stream<String> lines = Files.lines(input)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }
}
