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
}
