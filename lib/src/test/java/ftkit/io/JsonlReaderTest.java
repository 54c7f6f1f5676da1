package ftkit.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class JsonlReaderTest {
    @TempDir
    Path dir;

    private List<JsonlLine> readAll(byte[] content) throws IOException {
        Path f = dir.resolve("in.jsonl");
        Files.write(f, content);
        List<JsonlLine> out = new ArrayList<>();
        try (JsonlReader r = JsonlReader.open(f.toString())) {
            for (JsonlLine l : r) out.add(l);
        }
        return out;
    }

    @Test
    void reportsEveryBadLineWithItsNumberAndKeepsGoing() throws IOException {
        String text = "{\"a\":1}\n{broken\n\n[1,2]\n{\"b\":2} trailing\n{\"c\":3}\n";
        List<JsonlLine> lines = readAll(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(6, lines.size());
        assertTrue(lines.get(0).ok());
        assertFalse(lines.get(1).ok());
        assertEquals(2, lines.get(1).number());
        assertTrue(lines.get(1).error().startsWith("invalid JSON"), lines.get(1).error());
        assertEquals("blank line", lines.get(2).error());
        assertTrue(lines.get(3).ok(), "an array is valid JSON; the format layer rejects it");
        assertFalse(lines.get(4).ok(), "trailing tokens after a value are an error");
        assertEquals(3, lines.get(5).node().get("c").asInt());
        assertEquals(6, lines.get(5).number());
        assertTrue(lines.get(1).where().endsWith("in.jsonl:2"));
    }

    @Test
    void handlesBomCrlfAndMissingFinalNewline() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "{\"a\":\"x\"}\r\n{\"a\":\"y\"}".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        List<JsonlLine> lines = readAll(all);
        assertEquals(2, lines.size());
        assertEquals("x", lines.get(0).node().get("a").asText());
        assertEquals("{\"a\":\"x\"}", lines.get(0).text());
        assertEquals("y", lines.get(1).node().get("a").asText());
    }

    @Test
    void invalidUtf8IsALineErrorNotACrash() throws IOException {
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n', '{', '}', '\n'};
        List<JsonlLine> lines = readAll(bad);
        assertEquals(2, lines.size());
        assertFalse(lines.get(0).ok());
        assertTrue(lines.get(0).error().contains("UTF-8"), lines.get(0).error());
        assertTrue(lines.get(1).ok());
    }

    @Test
    void longLinesLargerThanTheBufferAreRead() throws IOException {
        String big = "x".repeat(300_000);
        List<JsonlLine> lines = readAll(("{\"t\":\"" + big + "\"}\n{\"t\":\"short\"}\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(300_000, lines.get(0).node().get("t").asText().length());
        assertEquals("short", lines.get(1).node().get("t").asText());
    }

    @Test
    void countsBytes() throws IOException {
        byte[] content = "{}\n{}\n".getBytes(StandardCharsets.UTF_8);
        try (JsonlReader r = JsonlReader.of("mem", new ByteArrayInputStream(content))) {
            while (r.hasNext()) r.next();
            assertEquals(content.length, r.bytesRead());
        }
    }

    @Test
    void missingFileAndDirectoryGiveClearErrors() {
        IOException e = assertThrows(IOException.class, () -> JsonlReader.open(dir.resolve("nope.jsonl").toString()));
        assertTrue(e.getMessage().contains("nope.jsonl: no such file"));
        IOException d = assertThrows(IOException.class, () -> JsonlReader.open(dir.toString()));
        assertTrue(d.getMessage().contains("is a directory"));
    }
}
