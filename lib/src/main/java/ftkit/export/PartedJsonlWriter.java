package ftkit.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A JSONL output cut into numbered parts so that no part exceeds a byte limit (a target's maximum upload size).
 * It writes inside a private staging folder; {@link #finish()} names the parts: {@code base.jsonl} when one part
 * was enough, else {@code base-00001-of-00003.jsonl} and so on (the Hugging Face shard convention). A line is
 * never split; a single line over the limit is refused by {@link #fits}.
 */
final class PartedJsonlWriter implements AutoCloseable {
    private final Path dir;
    private final String base;
    private final long maxBytes;
    private final List<Path> parts = new ArrayList<>();
    private final List<Long> lineCounts = new ArrayList<>();
    private OutputStream out;
    private long partBytes;
    private long partLines;
    private long totalLines;
    private long totalBytes;
    private List<String> finalNames;

    /** @param maxBytes the largest a part may be, or {@link Long#MAX_VALUE} for no limit */
    PartedJsonlWriter(Path dir, String base, long maxBytes) {
        this.dir = dir;
        this.base = base;
        this.maxBytes = maxBytes;
    }

    /** Whether a line of this many bytes (without its newline) can be written at all. */
    boolean fits(int lineBytes) {
        return lineBytes + 1L <= maxBytes;
    }

    /** Writes one line and returns its place: the 1-based part number and line number within that part. */
    long[] write(byte[] line) throws IOException {
        long size = line.length + 1L;
        if (size > maxBytes) throw new IllegalArgumentException("line of " + size + " bytes exceeds the part limit of " + maxBytes);
        if (out == null || partBytes + size > maxBytes) startPart();
        out.write(line);
        out.write('\n');
        partBytes += size;
        partLines++;
        totalLines++;
        totalBytes += size;
        return new long[]{parts.size(), partLines};
    }

    private void startPart() throws IOException {
        closePart();
        Path p = dir.resolve(base + ".part" + (parts.size() + 1) + ".tmp");
        parts.add(p);
        out = new BufferedOutputStream(Files.newOutputStream(p), 1 << 16);
        partBytes = 0;
        partLines = 0;
    }

    private void closePart() throws IOException {
        if (out != null) {
            out.close();
            lineCounts.add(partLines);
            out = null;
        }
    }

    long lines() {
        return totalLines;
    }

    long bytes() {
        return totalBytes;
    }

    /** The final file name of a part (1-based), valid after {@link #finish()}. */
    String name(long part) {
        return finalNames.get((int) part - 1);
    }

    List<String> names() {
        return finalNames;
    }

    List<Long> lineCounts() {
        return lineCounts;
    }

    /** Closes the last part and gives every part its final name. With no line written, no file is made. */
    List<String> finish() throws IOException {
        closePart();
        finalNames = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.size() == 1 ? base + ".jsonl"
                    : String.format(Locale.ROOT, "%s-%05d-of-%05d.jsonl", base, i + 1, parts.size());
            Files.move(parts.get(i), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            finalNames.add(name);
        }
        return finalNames;
    }

    @Override
    public void close() throws IOException {
        closePart();
    }
}
