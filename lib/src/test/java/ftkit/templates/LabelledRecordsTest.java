package ftkit.templates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelledRecordsTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static List<LabelledRecords.Entry> readAll(Path file) throws Exception {
        List<LabelledRecords.Entry> all = new ArrayList<>();
        try (LabelledRecords records = LabelledRecords.open(file)) {
            for (LabelledRecords.Entry e : records) all.add(e);
        }
        return all;
    }

    @Test
    void jsonlReportsBadLinesWithTheirNumbersAndKeepsTheRest() throws Exception {
        Path f = write("data.jsonl", "{\"id\":1}\n{broken\n[1,2]\n\n{\"id\":5}\n");
        List<LabelledRecords.Entry> entries = readAll(f);
        assertEquals(5, entries.size());
        assertTrue(entries.get(0).ok());
        assertEquals("invalid_json", entries.get(1).errorCode());
        assertEquals(2, entries.get(1).line());
        assertEquals("{broken", entries.get(1).raw());
        assertEquals("not_an_object", entries.get(2).errorCode());
        assertEquals("blank_line", entries.get(3).errorCode());
        assertEquals(5, entries.get(4).line());
        assertEquals(5, entries.get(4).record().get("id").asInt());
        assertEquals(f + ":2", entries.get(1).where());
    }

    @Test
    void jsonArrayIsStreamedWithTheLineEachRecordStartsOn() throws Exception {
        Path f = write("data.json", "[\n  {\"id\": 1,\n   \"text\": \"a\"},\n  \"not a record\",\n  {\"id\": 3}\n]\n");
        assertEquals(LabelledRecords.Format.JSON_ARRAY, LabelledRecords.formatOf(f));
        List<LabelledRecords.Entry> entries = readAll(f);
        assertEquals(3, entries.size());
        assertEquals(2, entries.get(0).line());
        assertEquals("a", entries.get(0).record().get("text").asText());
        assertFalse(entries.get(1).ok());
        assertEquals(4, entries.get(1).line());
        assertEquals("not_an_object", entries.get(1).errorCode());
        assertEquals(5, entries.get(2).line());
    }

    @Test
    void jsonArraySyntaxErrorStopsTheFileWithItsLine() throws Exception {
        Path f = write("data.json", "[\n{\"id\": 1},\n{\"id\": 2,,}\n,{\"id\": 3}]\n");
        try (LabelledRecords records = LabelledRecords.open(f)) {
            assertTrue(records.next().ok());
            UncheckedIOException e = assertThrows(UncheckedIOException.class, records::next);
            assertInstanceOf(LabelledRecords.UnreadableInputException.class, e.getCause());
            assertTrue(e.getCause().getMessage().startsWith(f + ":3:"), e.getCause().getMessage());
        }
    }

    @Test
    void jsonFileHoldingJsonLinesIsReadAsJsonl() throws Exception {
        Path f = write("records.json", "{\"id\":1}\n{\"id\":2}\n");
        assertEquals(LabelledRecords.Format.JSONL, LabelledRecords.formatOf(f));
        assertEquals(2, readAll(f).stream().filter(LabelledRecords.Entry::ok).count());
    }

    @Test
    void csvRowsBecomeRecordsWithStartLinesEvenAcrossQuotedNewlines() throws Exception {
        Path f = write("data.csv", "\uFEFFid,text,meta.group,split\n"
                + "1,\"two\nlines, with \"\"quotes\"\"\",a,train\n"
                + "2,short,,val\n"
                + "3,too,many,cells,here\n"
                + "4,last,c,test\n");
        List<LabelledRecords.Entry> entries = readAll(f);
        assertEquals(4, entries.size());
        LabelledRecords.Entry first = entries.get(0);
        assertEquals(2, first.line());
        assertEquals("two\nlines, with \"quotes\"", first.record().get("text").asText());
        assertEquals("1", first.record().get("id").asText(), "the BOM is not part of the first header");
        assertEquals("a", first.record().get("meta.group").asText());
        LabelledRecords.Entry second = entries.get(1);
        assertEquals(4, second.line());
        assertNull(second.record().get("meta.group"), "an empty cell is absent, so templates report it missing");
        LabelledRecords.Entry bad = entries.get(2);
        assertEquals(5, bad.line());
        assertEquals("csv_too_many_cells", bad.errorCode());
        assertEquals(6, entries.get(3).line());
        assertEquals("test", entries.get(3).record().get("split").asText());
    }

    @Test
    void csvUnterminatedQuoteStopsTheFileNamingIt() throws Exception {
        Path f = write("data.csv", "id,text\n1,ok\n2,\"never closed\n3,x\n");
        try (LabelledRecords records = LabelledRecords.open(f)) {
            assertTrue(records.next().ok());
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                while (records.hasNext()) records.next();
            });
            assertInstanceOf(LabelledRecords.UnreadableInputException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains(f.toString()) && e.getCause().getMessage().contains("invalid CSV"),
                    e.getCause().getMessage());
        }
    }

    @Test
    void missingFileIsAClearError() {
        Exception e = assertThrows(Exception.class, () -> LabelledRecords.open(dir.resolve("absent.jsonl")));
        assertTrue(e.getMessage().contains("absent.jsonl"));
    }
}
