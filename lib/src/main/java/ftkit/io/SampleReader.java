package ftkit.io;

import ftkit.model.Sample;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams samples from a JSONL file in any {@link RecordFormat}: detected per line unless one is forced.
 * Lines that are not valid JSON or not a readable record come back as failed {@link Entry}s with the line
 * number and reason, so callers can report them and carry on.
 */
public final class SampleReader implements Closeable, Iterable<SampleReader.Entry>, Iterator<SampleReader.Entry> {
    private final JsonlReader lines;
    private final RecordFormat forced;

    /** One input line: a sample, or the reason there is none. */
    public record Entry(JsonlLine line, RecordFormat format, Sample sample, String errorCode, String error) {
        public boolean ok() {
            return sample != null;
        }

        /** "file.jsonl:12: reason" */
        public String describeError() {
            return line.where() + ": " + error;
        }
    }

    private SampleReader(JsonlReader lines, RecordFormat forced) {
        this.lines = lines;
        this.forced = forced;
    }

    /** @param forced a format to assume for every line, or null to detect per line */
    public static SampleReader open(String pathOrDash, RecordFormat forced) throws IOException {
        return new SampleReader(JsonlReader.open(pathOrDash), forced);
    }

    public static SampleReader open(String pathOrDash) throws IOException {
        return open(pathOrDash, null);
    }

    public static SampleReader of(JsonlReader lines, RecordFormat forced) {
        return new SampleReader(lines, forced);
    }

    public JsonlReader lines() {
        return lines;
    }

    @Override
    public boolean hasNext() {
        return lines.hasNext();
    }

    @Override
    public Entry next() {
        if (!hasNext()) throw new NoSuchElementException();
        return convert(lines.next(), forced);
    }

    /** Converts one already-read line; public so that callers holding lines (e.g. validate) share the logic. */
    public static Entry convert(JsonlLine line, RecordFormat forced) {
        if (!line.ok()) {
            return new Entry(line, null, null, line.error().startsWith("blank") ? "blank_line" : "invalid_json", line.error());
        }
        RecordFormat format = forced != null ? forced : RecordFormat.detect(line.node());
        if (format == null) {
            String why = line.node().isObject()
                    ? "record matches no known format (expected one of: " + RecordFormat.ids() + "); keys: "
                    + RecordConverter.keys(line.node())
                    : "line is a JSON " + line.node().getNodeType().name().toLowerCase() + ", expected an object";
            return new Entry(line, null, null, line.node().isObject() ? "unknown_format" : "not_an_object", why);
        }
        try {
            return new Entry(line, format, RecordConverter.toSample(line.node(), format), null, null);
        } catch (RecordException e) {
            return new Entry(line, format, null, e.code(), e.getMessage());
        }
    }

    @Override
    public Iterator<Entry> iterator() {
        return this;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
