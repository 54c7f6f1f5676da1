package ftkit.io;

import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AtomicOutputTest {
    @TempDir
    Path dir;

    @Test
    void uncommittedOutputLeavesTheOldFileAndNoTemporaries() throws IOException {
        Path target = dir.resolve("out.jsonl");
        Files.writeString(target, "old\n");
        try (JsonlWriter w = JsonlWriter.open(target)) {
            w.write(new Sample().add(Message.user("hi")));
            // no commit: as if the process failed half way
        }
        assertEquals("old\n", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void committedOutputReplacesTheTargetWhole() throws IOException {
        Path target = dir.resolve("sub/out.jsonl");
        try (JsonlWriter w = JsonlWriter.open(target)) {
            w.write(new Sample().id("a").add(Message.user("hi")).add(Message.assistant("hello")));
            w.write(new Sample().id("b").add(Message.user("x")));
            w.commit();
            assertEquals(2, w.count());
        }
        List<String> lines = Files.readAllLines(target);
        assertEquals(2, lines.size());
        assertEquals("{\"id\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}],\"metadata\":{}}", lines.get(0),
                "canonical samples always carry metadata, which is how readers recognise them");
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    /** A FIFO (as behind {@code -o >(gzip > out.gz)}) is written into, not renamed over; it stays a FIFO. */
    @Test
    void aPipeIsWrittenDirectlyAndStaysAPipe() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        var read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (JsonlWriter w = JsonlWriter.open(fifo)) {
            w.write(new Sample().id("a").add(Message.user("hi")));
            w.commit();
        }
        assertTrue(read.get(20, java.util.concurrent.TimeUnit.SECONDS).contains("\"id\":\"a\""));
        assertFalse(Files.isRegularFile(fifo), "still a FIFO");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(fifo), files.toList(), "no temporary file left");
        }
    }

    /** A symbolic link is followed: the file it points to gets the output, and the link stays a link. */
    @Test
    void aSymbolicLinkIsFollowed() throws IOException {
        Path real = Files.createDirectories(dir.resolve("data")).resolve("real.jsonl");
        Files.writeString(real, "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), real);
        try (JsonlWriter w = JsonlWriter.open(link)) {
            w.write(new Sample().id("b").add(Message.user("x")));
            w.commit();
        }
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).contains("\"id\":\"b\""));
    }
}
