package ftkit.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams a JSONL file (or stdin for "-") one line at a time in constant memory. Each line is parsed on its
 * own, so one bad line is reported with its number and does not stop the rest. Blank lines are reported as
 * errors too (most uploaders reject them), except a final empty line after the last newline, which is just the
 * file's ending.
 */
public final class JsonlReader implements Closeable, Iterator<JsonlLine>, Iterable<JsonlLine> {
    public static final String STDIN = "-";
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final String source;
    private final InputStream in;
    private final boolean parse;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkLen;
    private byte[] buffer = new byte[1 << 12];
    private long lineNumber;
    private long bytesRead;
    private JsonlLine next;
    private boolean eof;

    private JsonlReader(String source, InputStream in, boolean parse) {
        this.source = source;
        this.in = in;
        this.parse = parse;
    }

    /** Opens a file, or stdin for "-". Fails with a clear message naming the file if it cannot be read. */
    public static JsonlReader open(String pathOrDash) throws IOException {
        return open(pathOrDash, true);
    }

    /** As {@link #open(String)}; with {@code parse=false} lines are only split, not parsed (for copying). */
    public static JsonlReader open(String pathOrDash, boolean parse) throws IOException {
        if (STDIN.equals(pathOrDash)) {
            return new JsonlReader("<stdin>", System.in, parse);
        }
        Path path = Path.of(pathOrDash);
        if (Files.isDirectory(path)) throw new IOException(pathOrDash + ": is a directory, expected a JSONL file");
        try {
            return new JsonlReader(pathOrDash, Files.newInputStream(path), parse);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new IOException(pathOrDash + ": no such file", e);
        }
    }

    public static JsonlReader of(String sourceName, InputStream in) {
        return new JsonlReader(sourceName, in, true);
    }

    public String source() {
        return source;
    }

    /** Bytes consumed so far, line terminators included: lets callers report progress and file size. */
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public Iterator<JsonlLine> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !eof) {
            try {
                next = readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(source + ": read failed after line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        return next != null;
    }

    @Override
    public JsonlLine next() {
        if (!hasNext()) throw new NoSuchElementException();
        JsonlLine line = next;
        next = null;
        return line;
    }

    private JsonlLine readLine() throws IOException {
        int length = 0;
        boolean terminated = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk, 0, chunk.length);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    break;
                }
            }
            int from = chunkPos;
            int i = from;
            while (i < chunkLen && chunk[i] != '\n') i++;
            int n = i - from;
            if (length + n > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
            System.arraycopy(chunk, from, buffer, length, n);
            length += n;
            bytesRead += n;
            if (i < chunkLen) {
                chunkPos = i + 1;
                bytesRead++;
                terminated = true;
                break;
            }
            chunkPos = chunkLen;
        }
        if (!terminated && length == 0) {
            eof = true;
            return null;
        }
        lineNumber++;
        int start = 0;
        if (lineNumber == 1 && length >= 3 && buffer[0] == UTF8_BOM[0] && buffer[1] == UTF8_BOM[1] && buffer[2] == UTF8_BOM[2]) {
            start = 3;
        }
        int end = length;
        if (end > start && buffer[end - 1] == '\r') end--;
        byte[] bytes = Arrays.copyOfRange(buffer, start, end);
        if (!parse) return new JsonlLine(source, lineNumber, bytes, null, null);
        return parse(source, lineNumber, bytes);
    }

    /** Parses one line's bytes; lets callers split lines on one thread and parse them on others. */
    public static JsonlLine parse(String source, long number, byte[] bytes) {
        if (isBlank(bytes)) return new JsonlLine(source, number, bytes, null, "blank line");
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) return new JsonlLine(source, number, bytes, null, "blank line");
            return new JsonlLine(source, number, bytes, node, null);
        } catch (JsonProcessingException e) {
            return new JsonlLine(source, number, bytes, null, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Reading from a byte array cannot fail for I/O reasons; anything here is a malformed line.
            return new JsonlLine(source, number, bytes, null, "unreadable line: " + e.getMessage());
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte x : bytes) {
            if (x != ' ' && x != '\t' && x != '\r') return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (in != null && !source.equals("<stdin>")) in.close();
    }
}
