package ftkit.extract;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xslf.usermodel.XSLFTableRow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes real office and PDF files (POI and PDFBox, both shipped with Tika) from a small description, so tests
 * and the example corpus hold documents exactly like the ones users have, with known content.
 */
public final class DocumentFixtures {
    private DocumentFixtures() {
    }

    /** A block of a word-processing document: a heading, a paragraph or a table. */
    public sealed interface Block permits Heading, Para, Table {
    }

    public record Heading(int level, String text) implements Block {
    }

    public record Para(String text) implements Block {
    }

    public record Table(List<List<String>> rows) implements Block {
    }

    public static Heading h(int level, String text) {
        return new Heading(level, text);
    }

    public static Para p(String text) {
        return new Para(text);
    }

    public static Table table(List<List<String>> rows) {
        return new Table(rows);
    }

    /** One PDF page per list entry; each string is one line of text (an empty string leaves a blank line). */
    public static void pdf(Path file, List<List<String>> pages) throws IOException {
        pdf(file, pages, null);
    }

    /** As {@link #pdf(Path, List)}, encrypted with a user password when one is given. */
    public static void pdf(Path file, List<List<String>> pages, String userPassword) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 11);
                    cs.setLeading(15f);
                    cs.newLineAtOffset(56, 780);
                    for (String line : lines) {
                        if (!line.isEmpty()) cs.showText(line);
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            if (userPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-" + userPassword, userPassword,
                        new AccessPermission());
                policy.setEncryptionKeyLength(128);
                doc.protect(policy);
            }
            doc.save(file.toFile());
        }
    }

    /** A PDF whose only page is a drawn rectangle: no text layer, as a scan would be. */
    public static void pdfWithoutText(Path file) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.addRect(100, 100, 300, 400);
                cs.fill();
            }
            doc.save(file.toFile());
        }
    }

    /** A DOCX with real heading styles ("heading 1" …), paragraphs and tables. */
    public static void docx(Path file, List<Block> blocks) throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            XWPFStyles styles = doc.createStyles();
            for (int level = 1; level <= 6; level++) {
                CTStyle ct = CTStyle.Factory.newInstance();
                ct.setStyleId("Heading" + level);
                ct.setType(STStyleType.PARAGRAPH);
                ct.addNewName().setVal("heading " + level);
                ct.addNewUiPriority().setVal(BigInteger.valueOf(9));
                ct.addNewPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(level - 1));
                styles.addStyle(new XWPFStyle(ct, styles));
            }
            for (Block b : blocks) {
                if (b instanceof Heading heading) {
                    XWPFParagraph par = doc.createParagraph();
                    par.setStyle("Heading" + heading.level());
                    par.createRun().setText(heading.text());
                } else if (b instanceof Para para) {
                    XWPFParagraph par = doc.createParagraph();
                    String[] lines = para.text().split("\n", -1);
                    var run = par.createRun();
                    for (int i = 0; i < lines.length; i++) {
                        if (i > 0) run.addBreak();
                        run.setText(lines[i], i);
                    }
                } else if (b instanceof Table t) {
                    XWPFTable table = doc.createTable(t.rows().size(), t.rows().get(0).size());
                    for (int r = 0; r < t.rows().size(); r++) {
                        for (int c = 0; c < t.rows().get(r).size(); c++) {
                            table.getRow(r).getCell(c).setText(t.rows().get(r).get(c));
                        }
                    }
                }
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                doc.write(out);
            }
        }
    }

    /** An XLSX with one sheet per entry (in order); each row is a list of cell strings, row 1 first. */
    public static void xlsx(Path file, Map<String, List<List<String>>> sheets) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            for (Map.Entry<String, List<List<String>>> e : sheets.entrySet()) {
                XSSFSheet sheet = wb.createSheet(e.getKey());
                List<List<String>> rows = e.getValue();
                for (int r = 0; r < rows.size(); r++) {
                    if (rows.get(r) == null) continue; // leaves an empty row
                    XSSFRow row = sheet.createRow(r);
                    for (int c = 0; c < rows.get(r).size(); c++) {
                        String v = rows.get(r).get(c);
                        if (v != null && !v.isEmpty()) row.createCell(c).setCellValue(v);
                    }
                }
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }
    }

    /** A slide: text boxes (one paragraph per line of each string) and an optional table. */
    public record Slide(List<String> texts, List<List<String>> table) {
        public Slide(String... texts) {
            this(List.of(texts), null);
        }
    }

    public static void pptx(Path file, List<Slide> slides) throws IOException {
        try (XMLSlideShow show = new XMLSlideShow()) {
            for (Slide s : slides) {
                XSLFSlide slide = show.createSlide();
                double y = 30;
                for (String text : s.texts()) {
                    XSLFTextBox box = slide.createTextBox();
                    box.setAnchor(new Rectangle2D.Double(40, y, 640, 60));
                    String[] lines = text.split("\n");
                    box.clearText();
                    for (String line : lines) box.addNewTextParagraph().addNewTextRun().setText(line);
                    y += 30 + 20 * lines.length;
                }
                if (s.table() != null) {
                    XSLFTable table = slide.createTable();
                    table.setAnchor(new Rectangle2D.Double(40, y, 640, 200));
                    for (List<String> cells : s.table()) {
                        XSLFTableRow row = table.addRow();
                        for (String c : cells) row.addCell().setText(c);
                    }
                }
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                show.write(out);
            }
        }
    }

    /** Convenience: an ordered map literal for {@link #xlsx}. */
    @SafeVarargs
    public static Map<String, List<List<String>>> sheets(Map.Entry<String, List<List<String>>>... entries) {
        Map<String, List<List<String>>> m = new LinkedHashMap<>();
        for (var e : entries) m.put(e.getKey(), e.getValue());
        return m;
    }

    public static List<List<String>> rows(List<String>... rows) {
        return new ArrayList<>(java.util.Arrays.asList(rows));
    }
}
