package ftkit.extract;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.txt.Icu4jEncodingDetector;
import org.xml.sax.ContentHandler;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

import javax.xml.parsers.SAXParserFactory;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one file into a {@link DocumentText}: plain text, Markdown and CSV directly (strict UTF-8 first, then a
 * detected charset with a warning), XLSX through POI's streaming reader (real sheet names and row numbers), and
 * everything else through Apache Tika. Every failure becomes an {@link ExtractionException} with a clear reason.
 */
public final class SourceReader {
    /** Extensions read as text without Tika: their bytes are the content. */
    static final Set<String> TEXT = Set.of("txt", "text", "md", "markdown", "csv", "tsv", "json", "jsonl", "log", "rst");
    /** Extensions whose content must be text; binary bytes there mean a mislabelled or corrupt file. */
    static final Set<String> TEXT_LIKE = Set.of("txt", "text", "md", "markdown", "csv", "tsv", "json", "jsonl", "log",
            "rst", "html", "htm", "xhtml", "xml");
    /** What a folder scan picks up by default. */
    public static final Set<String> SUPPORTED = Set.of("pdf", "docx", "doc", "docm", "txt", "text", "md", "markdown",
            "csv", "tsv", "xlsx", "xlsm", "xls", "pptx", "ppt", "html", "htm", "xhtml", "epub", "odt", "ods", "odp",
            "rtf", "json", "jsonl", "rst");

    private static final AutoDetectParser TIKA = new AutoDetectParser();
    private static final Pattern MD_HEADING = Pattern.compile("^(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern MD_FENCE = Pattern.compile("^\\s{0,3}(```|~~~).*");
    private static final Pattern MD_TABLE_SEPARATOR = Pattern.compile("^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");

    /** What was read: the text, the media type, and warnings that did not stop extraction. */
    public record Result(DocumentText doc, String mediaType, List<String> warnings) {
    }

    private SourceReader() {
    }

    public static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    public static Result read(Path file, int maxChars) throws ExtractionException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ExtractionException("cannot read file: " + e.getMessage(), e);
        }
        if (size == 0) throw new ExtractionException("empty file (0 bytes)");
        String ext = extension(file);
        List<String> warnings = new ArrayList<>();
        if (TEXT_LIKE.contains(ext)) checkNotBinary(file, ext);
        DocumentText.Builder builder = new DocumentText.Builder(maxChars);
        String mediaType = null;
        try {
            switch (ext) {
                case "txt", "text", "log", "rst", "json", "jsonl" -> {
                    mediaType = "text/plain";
                    readText(file, builder, false, warnings);
                }
                case "md", "markdown" -> {
                    mediaType = "text/markdown";
                    builder.trackHeadings();
                    readText(file, builder, true, warnings);
                }
                case "csv", "tsv" -> {
                    mediaType = ext.equals("csv") ? "text/csv" : "text/tab-separated-values";
                    readCsv(file, builder, ext.equals("tsv"), warnings);
                }
                case "xlsx", "xlsm" -> {
                    mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                    if (!readXlsx(file, builder)) {
                        builder = new DocumentText.Builder(maxChars);
                        mediaType = readTika(file, builder);
                    }
                }
                default -> {
                    builder.trackHeadings();
                    mediaType = readTika(file, builder);
                }
            }
        } catch (DocumentText.LimitReached e) {
            // the builder kept everything up to the limit; the caller reports the file as partial
        }
        DocumentText doc = builder.build();
        if (!doc.hasText()) {
            if ("pdf".equals(ext) || (mediaType != null && mediaType.contains("pdf"))) {
                throw new ExtractionException("no text layer (a scanned or image-only PDF?); OCR is not enabled");
            }
            throw new ExtractionException("no text found" + (mediaType == null ? "" : " (" + mediaType + ")"));
        }
        return new Result(doc, mediaType, warnings);
    }

    /** Refuses files with a text extension whose first bytes are binary (NUL bytes or many control characters). */
    static void checkNotBinary(Path file, String ext) throws ExtractionException {
        byte[] head = new byte[8192];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ExtractionException("cannot read file: " + e.getMessage(), e);
        }
        int control = 0;
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            if (b == 0) throw new ExtractionException("binary content in a ." + ext + " file (NUL bytes); not text");
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1b) control++;
        }
        if (n > 0 && control * 20 > n) {
            throw new ExtractionException("binary content in a ." + ext + " file (" + control + " control bytes in the first "
                    + n + "); not text");
        }
    }

    /** Opens a text file as UTF-8 if it is valid UTF-8, else in the charset ICU4J detects (with a warning). */
    static Reader openText(Path file, List<String> warnings) throws IOException, ExtractionException {
        Charset charset = StandardCharsets.UTF_8;
        if (!isValidUtf8(file)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                EncodingDetector detector = new Icu4jEncodingDetector();
                Charset detected = detector.detect(in, new Metadata());
                charset = detected == null ? Charset.forName("windows-1252") : detected;
            }
            if (charset.equals(StandardCharsets.UTF_8)) charset = Charset.forName("windows-1252");
            warnings.add("not valid UTF-8; decoded as " + charset.name());
        }
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        Reader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
        reader.mark(1);
        if (reader.read() != '\uFEFF') reader.reset(); // a byte-order mark is not content
        return reader;
    }

    static boolean isValidUtf8(Path file) throws IOException {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        char[] buf = new char[1 << 14];
        try (Reader r = new InputStreamReader(Files.newInputStream(file), strict)) {
            while (r.read(buf) >= 0) {
                // decoding the whole file is the check
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static void readText(Path file, DocumentText.Builder out, boolean markdown, List<String> warnings)
            throws ExtractionException {
        try (BufferedReader reader = new BufferedReader(openText(file, warnings), 1 << 16)) {
            String line;
            boolean fenced = false;
            boolean inTable = false;
            boolean first = true;
            while ((line = reader.readLine()) != null) {
                if (!first) out.append('\n');
                first = false;
                if (markdown) {
                    if (MD_FENCE.matcher(line).matches()) fenced = !fenced;
                    Matcher h = fenced ? null : MD_HEADING.matcher(line);
                    if (h != null && h.matches()) {
                        if (inTable) {
                            out.endRawTable();
                            inTable = false;
                        }
                        out.headingLine(line, h.group(1).length(), h.start(2));
                        first = true; // headingLine already ended the line
                        continue;
                    }
                    if (!fenced && line.trim().startsWith("|") && line.trim().length() > 1) {
                        inTable = true;
                        if (MD_TABLE_SEPARATOR.matcher(line).matches()) {
                            out.append(line);
                        } else {
                            out.rawRow(line, pipeCells(line));
                            first = true;
                        }
                        continue;
                    }
                    if (inTable) {
                        out.endRawTable();
                        inTable = false;
                    }
                }
                out.append(line);
            }
            if (!first) out.append('\n');
        } catch (IOException e) {
            throw new ExtractionException("cannot read text: " + e.getMessage(), e);
        }
    }

    /** Cell spans of a Markdown pipe-table line "| a | b |", trimmed, relative to the line. */
    static List<int[]> pipeCells(String line) {
        List<int[]> cells = new ArrayList<>();
        int i = line.indexOf('|');
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) end--;
        if (end > 0 && line.charAt(end - 1) == '|' && end - 1 > i) end--;
        int start = i + 1;
        for (int j = start; j <= end; j++) {
            if (j == end || (line.charAt(j) == '|' && line.charAt(j - 1) != '\\')) {
                int s = start, e = j;
                while (s < e && Character.isWhitespace(line.charAt(s))) s++;
                while (e > s && Character.isWhitespace(line.charAt(e - 1))) e--;
                cells.add(new int[]{s, e});
                start = j + 1;
            }
        }
        return cells;
    }

    private static void readCsv(Path file, DocumentText.Builder out, boolean tabs, List<String> warnings)
            throws ExtractionException {
        long record = 0;
        try (Reader reader = openText(file, warnings)) {
            char delimiter = tabs ? '\t' : sniffDelimiter(file);
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
            out.startTable();
            try (CSVParser parser = CSVParser.parse(reader, format)) {
                for (CSVRecord r : parser) {
                    record = r.getRecordNumber();
                    out.startRow((int) Math.min(Integer.MAX_VALUE, record));
                    for (String value : r) out.cell(value);
                    out.endRow();
                }
            }
            out.endTable();
        } catch (IOException | RuntimeException e) {
            if (e instanceof DocumentText.LimitReached limit) throw limit;
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new ExtractionException("malformed CSV after record " + record + ": " + msg, e);
        }
    }

    private static char sniffDelimiter(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = r.readLine();
            if (first == null) return ',';
            long commas = first.chars().filter(c -> c == ',').count();
            long semis = first.chars().filter(c -> c == ';').count();
            long tabs = first.chars().filter(c -> c == '\t').count();
            if (tabs > commas && tabs > semis) return '\t';
            return semis > commas ? ';' : ',';
        }
    }

    /** Streams an XLSX with POI's SAX reader; false if it is not a readable OOXML package (Tika then explains). */
    private static boolean readXlsx(Path file, DocumentText.Builder out) {
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (Exception e) {
            return false;
        }
        try (pkg) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    String name = sheets.getSheetName();
                    out.breakParagraph();
                    out.place("sheet", name);
                    out.headingLine(name, 1, 0);
                    out.breakParagraph();
                    out.startTable();
                    XMLReader xml = factory.newSAXParser().getXMLReader();
                    ContentHandler handler = new XSSFSheetXMLHandler(styles, null, strings, new SheetRows(out), new org.apache.poi.ss.usermodel.DataFormatter(), false);
                    xml.setContentHandler(handler);
                    xml.parse(new InputSource(sheet));
                    out.endTable();
                }
            }
            out.place("sheet", null);
            return true;
        } catch (DocumentText.LimitReached e) {
            throw e;
        } catch (Exception e) {
            return false;
        }
    }

    /** Rows and cells of one sheet into the builder, with empty cells kept so columns line up. */
    private static final class SheetRows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final DocumentText.Builder out;
        private int column;

        SheetRows(DocumentText.Builder out) {
            this.out = out;
        }

        @Override
        public void startRow(int rowNum) {
            out.startRow(rowNum + 1);
            column = 0;
        }

        @Override
        public void endRow(int rowNum) {
            out.endRow();
        }

        @Override
        public void cell(String cellReference, String formattedValue, XSSFComment comment) {
            int col = cellReference == null ? column : new CellReference(cellReference).getCol();
            while (column < col) {
                out.cell("");
                column++;
            }
            out.cell(formattedValue == null ? "" : formattedValue);
            column++;
        }
    }

    private static String readTika(Path file, DocumentText.Builder out) throws ExtractionException {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
        ParseContext context = new ParseContext();
        context.set(EmbeddedDocumentExtractor.class, new SkipEmbedded());
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setExtractInlineImages(false);
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        context.set(PDFParserConfig.class, pdf);
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            TIKA.parse(in, new StructureHandler(out), metadata, context);
        } catch (Throwable e) {
            if (causedBy(e, DocumentText.LimitReached.class) != null) throw new DocumentText.LimitReached(0);
            throw classify(e);
        }
        return metadata.get(Metadata.CONTENT_TYPE);
    }

    static ExtractionException classify(Throwable e) {
        if (causedBy(e, EncryptedDocumentException.class) != null
                || causedBy(e, org.apache.poi.EncryptedDocumentException.class) != null
                || causedBy(e, org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException.class) != null) {
            return new ExtractionException("encrypted or password-protected; cannot read without the password", e);
        }
        if (causedBy(e, ZeroByteFileException.class) != null) return new ExtractionException("empty file (0 bytes)", e);
        if (e instanceof OutOfMemoryError) return new ExtractionException("out of memory while parsing; the file is too large or too complex", e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage().lines().findFirst().orElse("");
        if (msg.length() > 200) msg = msg.substring(0, 200) + "…";
        if (e instanceof TikaException || causedBy(e, TikaException.class) != null) {
            return new ExtractionException("corrupt or unreadable document (" + msg + ")", e);
        }
        if (e instanceof IOException) return new ExtractionException("cannot read file (" + msg + ")", e);
        return new ExtractionException("parser failed (" + msg + ")", e);
    }

    static <T extends Throwable> T causedBy(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }

    /** Embedded files (attachments, images, OLE objects) are not parsed: their text would break locators. */
    private static final class SkipEmbedded implements EmbeddedDocumentExtractor {
        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return false;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
        }
    }
}
