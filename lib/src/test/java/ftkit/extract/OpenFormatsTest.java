package ftkit.extract;

import ftkit.model.Sample;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static ftkit.extract.ExtractFormatsTest.assertSample;
import static ftkit.extract.ExtractFormatsTest.assertVerbatim;
import static ftkit.extract.ExtractFormatsTest.loc;
import static org.junit.jupiter.api.Assertions.*;

/**
 * ODT, EPUB and RTF files written by hand here (ODT and EPUB are zip files of XML; RTF is text) holding known
 * conversations and distractors; asserts the exact samples Tika's parsers let the detectors find.
 */
class OpenFormatsTest {
    @TempDir
    Path dir;
    ExtractOptions options;

    @BeforeEach
    void setUp() {
        options = new ExtractOptions();
        options.includeContext = false;
    }

    private Extractor.FileResult extract(Path file) throws Exception {
        Extractor.FileResult r = new Extractor(options).extractFile(new Extractor.InputFile(file, file.getFileName().toString(), Files.size(file)));
        assertEquals(FileReport.OK, r.report().status(), () -> r.report().line());
        assertVerbatim(file, r.samples());
        return r;
    }

    /** A zip whose first entry is an uncompressed {@code mimetype}, as ODF and EPUB require. */
    static void zip(Path file, String mimetype, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] type = mimetype.getBytes(StandardCharsets.US_ASCII);
            ZipEntry first = new ZipEntry("mimetype");
            first.setMethod(ZipEntry.STORED);
            first.setSize(type.length);
            CRC32 crc = new CRC32();
            crc.update(type);
            first.setCrc(crc.getValue());
            zip.putNextEntry(first);
            zip.write(type);
            zip.closeEntry();
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    static Path odt(Path file, String body) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("META-INF/manifest.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
                 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
                 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
                </manifest:manifest>
                """);
        entries.put("content.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                    xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
                    xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">
                 <office:body><office:text>
                """ + body + """
                 </office:text></office:body>
                </office:document-content>
                """);
        zip(file, "application/vnd.oasis.opendocument.text", entries);
        return file;
    }

    static Path epub(Path file, Map<String, String> chapters) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("META-INF/container.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                 <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
                </container>
                """);
        StringBuilder manifest = new StringBuilder();
        StringBuilder spine = new StringBuilder();
        int i = 0;
        for (String name : chapters.keySet()) {
            i++;
            manifest.append("  <item id=\"c").append(i).append("\" href=\"").append(name)
                    .append("\" media-type=\"application/xhtml+xml\"/>\n");
            spine.append("  <itemref idref=\"c").append(i).append("\"/>\n");
        }
        entries.put("OEBPS/content.opf", """
                <?xml version="1.0" encoding="UTF-8"?>
                <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
                 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">test-book</dc:identifier>
                  <dc:title>Support Handbook</dc:title><dc:language>en</dc:language></metadata>
                 <manifest>
                """ + manifest + """
                 </manifest>
                 <spine>
                """ + spine + """
                 </spine>
                </package>
                """);
        for (Map.Entry<String, String> c : chapters.entrySet()) {
            entries.put("OEBPS/" + c.getKey(), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <html xmlns="http://www.w3.org/1999/xhtml"><head><title>chapter</title></head><body>
                    """ + c.getValue() + """
                    </body></html>
                    """);
        }
        zip(file, "application/epub+zip", entries);
        return file;
    }

    @Test
    void odtHeadingsLabelsAndSpeakers() throws Exception {
        Path file = odt(dir.resolve("handbook.odt"), """
                <text:h text:outline-level="1">Support handbook</text:h>
                <text:p>This handbook is for new staff. It is not a conversation.</text:p>
                <text:h text:outline-level="2">Can I pause my subscription?</text:h>
                <text:p>Yes, for up to three months, from the billing page.</text:p>
                <text:h text:outline-level="2">Phone log</text:h>
                <text:p>Customer: My invoice shows the wrong address.</text:p>
                <text:p>Agent: I have corrected it; a new invoice is on its way.</text:p>
                <text:p>Customer: Thank you, that was quick.</text:p>
                <text:p>Agent: You are welcome.</text:p>
                """);
        Extractor.FileResult r = extract(file);
        List<Sample> s = r.samples();
        assertEquals(2, s.size(), s::toString);
        assertSample(s.get(0), "faq-heading", loc("heading", "Support handbook"),
                "user", "Can I pause my subscription?", "assistant", "Yes, for up to three months, from the billing page.");
        assertSample(s.get(1), "speaker-transcript", loc("heading", "Support handbook > Phone log"),
                "user", "My invoice shows the wrong address.", "assistant", "I have corrected it; a new invoice is on its way.",
                "user", "Thank you, that was quick.", "assistant", "You are welcome.");
        assertEquals("application/vnd.oasis.opendocument.text", r.report().mediaType());
    }

    @Test
    void epubChaptersInSpineOrder() throws Exception {
        Map<String, String> chapters = new LinkedHashMap<>();
        chapters.put("ch1.xhtml", "<h1>Getting started</h1><p>Welcome to the handbook.</p>"
                + "<p>Q: How do I reset the device?</p><p>A: Hold the button for ten seconds.</p>");
        chapters.put("ch2.xhtml", "<h1>Billing</h1><p>Invoices are sent monthly; there is no conversation here.</p>"
                + "<h2>Do you accept PayPal?</h2><p>Yes, and all major cards.</p>");
        Path file = epub(dir.resolve("handbook.epub"), chapters);
        Extractor.FileResult r = extract(file);
        List<Sample> s = r.samples();
        assertEquals(2, s.size(), s::toString);
        assertSample(s.get(0), "qa-prefix", loc("heading", "Getting started"),
                "user", "How do I reset the device?", "assistant", "Hold the button for ten seconds.");
        assertSample(s.get(1), "faq-heading", loc("heading", "Billing"),
                "user", "Do you accept PayPal?", "assistant", "Yes, and all major cards.");
        assertTrue(r.report().mediaType().startsWith("application/epub+zip"), r.report().mediaType());
    }

    @Test
    void rtfWithEscapedAccentsStaysVerbatim() throws Exception {
        Path file = dir.resolve("notes.rtf");
        Files.writeString(file, "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Helvetica;}}\n"
                + "\\f0\\fs24 Meeting notes, not a conversation.\\par\n\\par\n"
                + "Q: Is the caf\\'e9 open on Sundays?\\par\n"
                + "A: Yes, from 10 to 16.\\par\n\\par\n"
                + "{\\b Question:} Can I bring a dog?\\par\n"
                + "{\\b Answer:} Only on the terrace.\\par\n}\n", StandardCharsets.US_ASCII);
        List<Sample> s = extract(file).samples();
        assertEquals(2, s.size(), s::toString);
        assertSample(s.get(0), "qa-prefix", loc(),
                "user", "Is the café open on Sundays?", "assistant", "Yes, from 10 to 16.");
        assertSample(s.get(1), "question-answer", loc(),
                "user", "Can I bring a dog?", "assistant", "Only on the terrace.");
    }
}
