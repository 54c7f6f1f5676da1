package ftkit.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes one JSON value per line to a file (atomically, see {@link AtomicOutput}) or to stdout for "-".
 * Call {@link #commit()} when the output is complete; closing without it discards a file output.
 */
public final class JsonlWriter implements AutoCloseable {
    private final AtomicOutput output;
    private final OutputStream out;
    private final ObjectWriter writer = Json.MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private long count;

    private JsonlWriter(AtomicOutput output) {
        this.output = output;
        this.out = output.stream();
    }

    public static JsonlWriter open(String pathOrDash) throws IOException {
        return new JsonlWriter(AtomicOutput.open(pathOrDash));
    }

    public static JsonlWriter open(Path path) throws IOException {
        return new JsonlWriter(AtomicOutput.open(path));
    }

    /** Writes any Jackson-serialisable value (a Sample, a JsonNode, a record) as one line. */
    public void write(Object value) throws IOException {
        writer.writeValue(out, value);
        out.write('\n');
        count++;
    }

    /** Writes a line exactly as given (e.g. an input line copied verbatim to a rejects or valid-records file). */
    public void writeRaw(byte[] line) throws IOException {
        out.write(line);
        out.write('\n');
        count++;
    }

    public long count() {
        return count;
    }

    public Path target() {
        return output.target();
    }

    public void flush() throws IOException {
        out.flush();
    }

    public void commit() throws IOException {
        output.commit();
    }

    @Override
    public void close() {
        output.close();
    }
}
