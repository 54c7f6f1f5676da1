package ftkit.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An output file that appears whole or not at all: bytes go to a temporary file beside the target, and
 * {@link #commit()} flushes, fsyncs and renames it over the target. Closing without commit deletes the
 * temporary file, so a crash or an error never leaves a half-written output. "-" writes to stdout instead.
 *
 * <p>A symbolic link is followed: the file it points to is replaced and the link stays. A target that exists and
 * is not a regular file ({@code /dev/null}, {@code /dev/stdout} on a pipe, a FIFO, {@code >(gzip > out.gz)}) is
 * written directly: renaming over it would replace the device or pipe itself (as root, {@code -o /dev/null} left a
 * regular file at /dev/null).
 */
public final class AtomicOutput implements AutoCloseable {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    public static final String STDOUT = "-";

    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private final boolean stdout;
    private boolean committed;
    private boolean closed;

    private AtomicOutput(Path target, Path temp, OutputStream out) {
        this(target, temp, out, false);
    }

    private AtomicOutput(Path target, Path temp, OutputStream out, boolean stdout) {
        this.target = target;
        this.temp = temp;
        this.out = out;
        this.stdout = stdout;
    }

    public static AtomicOutput open(String pathOrDash) throws IOException {
        if (STDOUT.equals(pathOrDash)) {
            // Never close the process's stdout: later writers (and the JVM) still need it.
            OutputStream stdout = new FilterOutputStream(System.out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            return new AtomicOutput(null, null, new BufferedOutputStream(stdout, 1 << 16), true);
        }
        return open(Path.of(pathOrDash));
    }

    public static AtomicOutput open(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute)) {
            try {
                absolute = absolute.toRealPath(); // through symbolic links to the file itself
            } catch (IOException e) {
                // /dev/stdout on a pipe links to "pipe:[…]", which is not a path: written directly below
            }
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute) && !Files.isDirectory(absolute)) {
            // a device, pipe or socket: nothing to rename over, and no half-written file can be left behind
            return new AtomicOutput(null, null, new BufferedOutputStream(Files.newOutputStream(absolute), 1 << 16));
        }
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        if (Files.isDirectory(absolute)) throw new IOException(target + ": is a directory, expected a file name");
        // Not Files.createTempFile: that makes the file owner-only (0600), and the rename would keep it so.
        Path temp = dir.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        Files.createFile(temp);
        return new AtomicOutput(absolute, temp, new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
    }

    /** The stream to write to. Do not close it; close or commit this object instead. */
    public OutputStream stream() {
        return out;
    }

    public boolean isStdout() {
        return stdout;
    }

    /** The final path, or null for stdout and for outputs that are not regular files (written directly). */
    public Path target() {
        return target;
    }

    /** Makes the output visible under its final name. Idempotent. */
    public void commit() throws IOException {
        if (committed) return;
        out.flush();
        if (target == null && !stdout) out.close(); // a device or pipe written directly
        if (target != null) {
            out.close();
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
        closed = true;
    }

    /** Without a prior commit, discards everything written: the target is left as it was. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (target == null) {
                if (stdout) out.flush();
                else out.close();
                return;
            }
            out.close();
        } catch (IOException ignored) {
            // the temporary file is deleted below either way
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not delete temporary file " + temp, e);
                }
            }
        }
    }
}
