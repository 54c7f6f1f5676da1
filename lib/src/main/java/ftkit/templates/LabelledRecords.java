package ftkit.templates;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import ftkit.io.Json;
import ftkit.io.JsonlLine;
import ftkit.io.JsonlReader;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Streams labelled records (JSON objects) from a JSONL file, a JSON array or a CSV file with a header row, one
 * at a time in constant memory. Every record carries its file and line. A record that cannot be read (a bad
 * JSONL line, an array element that is not an object, a CSV row with too many cells) comes back as a failed
 * {@link Entry} and reading goes on; a syntax error that makes the rest of a JSON array or CSV file unreadable
 * throws {@link UnreadableInputException} naming the line.
 */
public abstract class LabelledRecords implements Closeable, Iterator<LabelledRecords.Entry>, Iterable<LabelledRecords.Entry> {

    /** The kinds of input file, chosen by extension; a {@code .json} file starting with '{' is read as JSONL. */
    public enum Format { JSONL, JSON_ARRAY, CSV }

    /**
     * One record, or the reason a record could not be read. {@code line} is where the record starts (1-based);
     * {@code raw} is the unreadable text when there is one (a bad JSONL line), else null.
     */
    public record Entry(String source, long line, JsonNode record, String errorCode, String error, String raw) {
        public boolean ok() {
            return record != null;
        }

        /** "file.jsonl:12" */
        public String where() {
            return source + ":" + line;
        }
    }

    /** A file that cannot be read past some point; the message names file, line and column. */
    public static final class UnreadableInputException extends IOException {
        public UnreadableInputException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    protected final String source;
    private Entry next;
    private boolean done;

    protected LabelledRecords(String source) {
        this.source = source;
    }

    /** Whether a file name looks like an input this reader handles. */
    public static boolean isSupported(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json") || name.endsWith(".csv");
    }

    public static Format formatOf(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) return Format.CSV;
        if (name.endsWith(".json")) {
            // Many ".json" files are really JSONL; the first non-blank character tells them apart.
            try (InputStream in = Files.newInputStream(file)) {
                int c;
                do {
                    c = in.read();
                } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF);
                return c == '[' ? Format.JSON_ARRAY : Format.JSONL;
            }
        }
        return Format.JSONL;
    }

    /** Opens a file; the source name used in messages is the path as given. */
    public static LabelledRecords open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        return switch (formatOf(file)) {
            case JSONL -> new JsonlRecords(file.toString(), JsonlReader.open(file.toString()));
            case JSON_ARRAY -> new JsonArrayRecords(file.toString(), Files.newInputStream(file));
            case CSV -> new CsvRecords(file.toString(), Files.newBufferedReader(file, StandardCharsets.UTF_8));
        };
    }

    /** Reads the next entry, or null at the end of the input. */
    protected abstract Entry read() throws IOException;

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (next == null) done = true;
        }
        return next != null;
    }

    /**
     * The next entry. A syntax error that ends the file surfaces as an {@link UncheckedIOException} wrapping
     * {@link UnreadableInputException}.
     */
    @Override
    public Entry next() {
        if (!hasNext()) throw new NoSuchElementException();
        Entry e = next;
        next = null;
        return e;
    }

    @Override
    public Iterator<Entry> iterator() {
        return this;
    }

    protected Entry ok(long line, JsonNode record) {
        return new Entry(source, line, record, null, null, null);
    }

    protected Entry failed(long line, String code, String error) {
        return new Entry(source, line, null, code, error, null);
    }

    protected Entry failed(long line, String code, String error, String raw) {
        return new Entry(source, line, null, code, error, raw);
    }

    private static final class JsonlRecords extends LabelledRecords {
        private final JsonlReader lines;

        JsonlRecords(String source, JsonlReader lines) {
            super(source);
            this.lines = lines;
        }

        @Override
        protected Entry read() {
            if (!lines.hasNext()) return null;
            JsonlLine line = lines.next();
            if (!line.ok()) {
                return failed(line.number(), line.error().startsWith("blank") ? "blank_line" : "invalid_json", line.error(), line.text());
            }
            if (!line.node().isObject()) {
                return failed(line.number(), "not_an_object", "line is a JSON " + line.node().getNodeType().name().toLowerCase(Locale.ROOT)
                        + ", expected an object (one record per line)");
            }
            return ok(line.number(), line.node());
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    /** A top-level JSON array read element by element with Jackson's streaming parser. */
    private static final class JsonArrayRecords extends LabelledRecords {
        /** Reads one element from the middle of the array: the rest of the array is not "trailing". */
        private static final ObjectReader ELEMENT_READER = Json.MAPPER.reader()
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        private final JsonParser parser;
        private boolean started;

        JsonArrayRecords(String source, InputStream in) throws IOException {
            super(source);
            this.parser = Json.MAPPER.getFactory().createParser(in);
        }

        @Override
        protected Entry read() throws IOException {
            try {
                if (!started) {
                    started = true;
                    if (parser.nextToken() != JsonToken.START_ARRAY) {
                        throw new UnreadableInputException(source + ":" + parser.currentTokenLocation().getLineNr()
                                + ": expected a JSON array of records", null);
                    }
                }
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw new UnreadableInputException(source + ": the JSON array is not closed (file ends early)", null);
                }
                if (token == JsonToken.END_ARRAY) return null;
                long line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.START_OBJECT) {
                    JsonNode record = ELEMENT_READER.readTree(parser);
                    return ok(line, record);
                }
                parser.skipChildren();
                return failed(line, "not_an_object", "array element is a JSON " + token.asString()
                        + ", expected an object");
            } catch (JsonProcessingException e) {
                throw new UnreadableInputException(source + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
                        + ": invalid JSON (" + e.getOriginalMessage() + "); a JSON array cannot be read past a syntax error, "
                        + "fix the file or convert it to JSONL", e);
            }
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /**
     * CSV with a header row, read row by row as arrays of cells so that a row of the wrong width is one bad
     * record rather than the end of the file. Cells are strings; an empty cell counts as absent (CSV has no
     * null), so a template that needs it reports the field as missing.
     */
    private static final class CsvRecords extends LabelledRecords {
        private static final CsvMapper CSV = new CsvMapper();
        private final CsvParser parser;
        private List<String> header;

        CsvRecords(String source, BufferedReader in) throws IOException {
            super(source);
            this.parser = (CsvParser) CSV.getFactory().createParser(in);
            parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        }

        @Override
        protected Entry read() throws IOException {
            try {
                if (header == null) {
                    JsonToken outer = parser.nextToken();
                    if (outer != JsonToken.START_ARRAY) return null;
                    List<String> cells = new ArrayList<>();
                    long line = readRow(cells);
                    if (line < 0) throw new UnreadableInputException(source + ": empty CSV file, expected a header row", null);
                    if (!cells.isEmpty() && cells.get(0).startsWith("\uFEFF")) cells.set(0, cells.get(0).substring(1));
                    for (int i = 0; i < cells.size(); i++) {
                        String name = cells.get(i).trim();
                        if (name.isEmpty()) {
                            throw new UnreadableInputException(source + ":" + line + ": header column " + (i + 1) + " has no name", null);
                        }
                        cells.set(i, name);
                    }
                    header = cells;
                }
                List<String> cells = new ArrayList<>();
                long line = readRow(cells);
                if (line < 0) return null;
                if (cells.size() > header.size()) {
                    return failed(line, "csv_too_many_cells", "row has " + cells.size() + " cells but the header has "
                            + header.size() + " columns");
                }
                ObjectNode record = Json.MAPPER.createObjectNode();
                for (int i = 0; i < cells.size(); i++) {
                    if (!cells.get(i).isEmpty()) record.put(header.get(i), cells.get(i));
                }
                return ok(line, record);
            } catch (JsonProcessingException e) {
                throw new UnreadableInputException(source + ":" + e.getLocation().getLineNr() + ": invalid CSV ("
                        + e.getOriginalMessage() + "); the rest of the file cannot be read", e);
            }
        }

        /** Reads one row into cells; returns the line it starts on, or -1 at the end. */
        private long readRow(List<String> cells) throws IOException {
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) return -1;
            long line = -1;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                if (line < 0) line = parser.currentTokenLocation().getLineNr();
                cells.add(parser.getText());
            }
            return line < 0 ? parser.currentTokenLocation().getLineNr() : line;
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }
}
