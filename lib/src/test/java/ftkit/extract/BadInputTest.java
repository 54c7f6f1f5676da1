package ftkit.extract;

import ftkit.model.Sample;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static ftkit.extract.DocumentFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every kind of bad input gets one clear reason, and nothing else is lost. */
class BadInputTest {
    @TempDir
    Path dir;
    ExtractOptions options = new ExtractOptions();

    private Extractor.FileResult extract(Path file) throws Exception {
        return new Extractor(options).extractFile(new Extractor.InputFile(file, file.getFileName().toString(), Files.size(file)));
    }

    private void assertFailed(Path file, String reasonPart) throws Exception {
        Extractor.FileResult r = extract(file);
        assertEquals(FileReport.FAILED, r.report().status(), () -> r.report().line());
        assertTrue(r.report().reason().contains(reasonPart), () -> r.report().line());
        assertEquals(0, r.samples().size());
        assertFalse(r.report().line().contains("\n"), "one line per file");
    }

    @Test
    void zeroByteFiles() throws Exception {
        for (String name : List.of("empty.pdf", "empty.txt", "empty.docx", "empty.json")) {
            Path f = Files.createFile(dir.resolve(name));
            assertFailed(f, "empty file (0 bytes)");
        }
    }

    @Test
    void passwordProtectedPdf() throws Exception {
        Path f = dir.resolve("locked.pdf");
        pdf(f, List.of(List.of("Q: Secret?", "A: Yes.")), "hunter2");
        assertFailed(f, "encrypted or password-protected");
    }

    @Test
    void passwordProtectedDocx() throws Exception {
        Path plain = dir.resolve("plain.docx");
        docx(plain, List.of(p("Q: Secret?"), p("A: Yes.")));
        Path f = dir.resolve("locked.docx");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor enc = info.getEncryptor();
            enc.confirmPassword("hunter2");
            try (OPCPackage opc = OPCPackage.open(plain.toFile()); OutputStream os = enc.getDataStream(fs)) {
                opc.save(os);
            }
            try (OutputStream out = Files.newOutputStream(f)) {
                fs.writeFilesystem(out);
            }
        }
        assertFailed(f, "encrypted or password-protected");
    }

    @Test
    void corruptFiles() throws Exception {
        Path docx = dir.resolve("good.docx");
        docx(docx, List.of(p("Q: Fine?"), p("A: Yes.")));
        byte[] bytes = Files.readAllBytes(docx);
        Path truncated = Files.write(dir.resolve("truncated.docx"), Arrays.copyOf(bytes, bytes.length / 2));
        assertFailed(truncated, "corrupt or unreadable");
        Path pdf = Files.writeString(dir.resolve("garbage.pdf"), "%PDF-1.7\nthis is not a PDF body at all\n%%EOF");
        Extractor.FileResult r = extract(pdf);
        assertEquals(FileReport.FAILED, r.report().status(), () -> r.report().line());
        Path xlsx = Files.write(dir.resolve("broken.xlsx"), Arrays.copyOf(bytes, 300));
        assertFailed(xlsx, "corrupt or unreadable");
    }

    @Test
    void binaryBytesInATextFile() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0};
        assertFailed(Files.write(dir.resolve("image.txt"), png), "binary content in a .txt file");
        assertFailed(Files.write(dir.resolve("data.csv"), png), "binary content in a .csv file");
        assertFailed(Files.write(dir.resolve("notes.md"), png), "binary content in a .md file");
    }

    @Test
    void nonUtf8TextIsDecodedWithAWarningAndStaysVerbatim() throws Exception {
        Path f = Files.write(dir.resolve("latin1.txt"),
                "Q: Wie lange dauert die Rückgabe für Geräte?\nA: Vierzehn Tage, gemäß unseren Bedingungen.\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        Extractor.FileResult r = extract(f);
        assertEquals(FileReport.WARNING, r.report().status());
        assertTrue(r.report().reason().startsWith("not valid UTF-8; decoded as "), r.report().reason());
        assertFalse(r.report().problem(), "a decoded file is not a failure");
        assertEquals(1, r.samples().size());
        Sample s = r.samples().get(0);
        assertEquals("Wie lange dauert die Rückgabe für Geräte?", s.messages().get(0).content());
        assertEquals("Vierzehn Tage, gemäß unseren Bedingungen.", s.messages().get(1).content());
    }

    @Test
    void hugeFileIsCutAtTheWriteLimitKeepingWhatWasRead() throws Exception {
        Path f = dir.resolve("huge.txt");
        try (var w = Files.newBufferedWriter(f)) {
            w.write("Q: Is this kept?\nA: Yes, it came before the limit.\n\n");
            String filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n";
            for (int i = 0; i < 40_000; i++) w.write(filler); // ~3.3 MB
            w.write("Q: Is this kept too?\nA: No, it is past the limit.\n");
        }
        options.maxChars = 100_000;
        Extractor.FileResult r = extract(f);
        assertEquals(FileReport.PARTIAL, r.report().status());
        assertTrue(r.report().reason().contains("stopped after 100000 characters"), r.report().reason());
        assertTrue(r.report().problem());
        assertEquals(1, r.samples().size());
        assertEquals("Yes, it came before the limit.", r.samples().get(0).messages().get(1).content());
        assertEquals(100_000, r.report().characters());
        assertFalse(r.chunks().isEmpty());
    }

    @Test
    void pdfWithoutATextLayer() throws Exception {
        Path f = dir.resolve("scan.pdf");
        pdfWithoutText(f);
        assertFailed(f, "no text layer");
    }

    @Test
    void unreadableTextThatOnlyLooksLikeJsonFallsBackToText() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.json"), "Q: Not JSON?\nA: No, plain text with a .json name.\n");
        Extractor.FileResult r = extract(f);
        assertEquals(FileReport.OK, r.report().status());
        assertEquals(1, r.samples().size());
        assertEquals(ConversationDetector.QA_PREFIX, r.samples().get(0).metadata().detector());
    }
}
