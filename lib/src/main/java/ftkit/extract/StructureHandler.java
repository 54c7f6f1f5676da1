package ftkit.extract;

import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

import java.util.Locale;

/**
 * Turns Tika's XHTML events into a {@link DocumentText}: paragraphs and list items become blank-line separated
 * blocks, h1-h6 become headings (heading path locator), {@code div.page} counts PDF pages, {@code div.slide-content}
 * counts PPTX slides, {@code div.sheet} plus its h1 names a spreadsheet sheet, and tables become rows of cells.
 * Only the body is kept: document metadata in the head is not content.
 */
final class StructureHandler extends DefaultHandler {
    private final DocumentText.Builder out;
    private int bodyDepth;
    private boolean inBody;
    private int skipDepth;
    private int page;
    private int slide;
    private boolean sheetTitle;
    private final StringBuilder sheetName = new StringBuilder();
    private int tableDepth;
    private int blockDepth;

    StructureHandler(DocumentText.Builder out) {
        this.out = out;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        String name = (localName == null || localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
        if (name.equals("body")) {
            inBody = true;
            return;
        }
        if (!inBody) return;
        if (skipDepth > 0) {
            skipDepth++;
            return;
        }
        String cls = atts.getValue("class");
        switch (name) {
            case "div" -> {
                if ("page".equals(cls)) {
                    out.breakParagraph();
                    out.place("page", ++page);
                } else if ("slide-content".equals(cls)) {
                    out.breakParagraph();
                    out.clearHeadings();
                    out.place("slide", ++slide);
                } else if ("sheet".equals(cls)) {
                    out.breakParagraph();
                    sheetTitle = true;
                    sheetName.setLength(0);
                } else if (cls != null && (cls.startsWith("slide-master") || cls.equals("embedded"))) {
                    skipDepth = 1; // master slides repeat on every slide; embedded objects are not parsed
                } else {
                    out.breakParagraph();
                }
            }
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                if (sheetTitle) return; // the sheet's name, handled in endElement
                if (tableDepth > 0) return;
                out.startHeading(name.charAt(1) - '0');
            }
            case "p", "li", "blockquote", "pre", "dd", "dt", "section", "article" -> {
                blockDepth++;
                if (tableDepth == 0) out.breakParagraph();
                else if (!out.inCell()) out.breakLine();
            }
            case "br" -> out.append('\n');
            case "table" -> {
                if (tableDepth++ == 0) out.startTable();
            }
            case "tr" -> {
                if (tableDepth == 1) out.startRow(0);
            }
            case "td", "th" -> {
                if (tableDepth == 1) out.startCell();
            }
            case "script", "style", "title", "head" -> skipDepth = 1;
            default -> {
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = (localName == null || localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
        if (!inBody) return;
        if (skipDepth > 0) {
            skipDepth--;
            return;
        }
        switch (name) {
            case "body" -> inBody = false;
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                if (sheetTitle) {
                    sheetTitle = false;
                    String sheet = sheetName.toString().strip();
                    out.place("sheet", sheet);
                    out.headingLine(sheet, 1, 0);
                    out.breakParagraph();
                    return;
                }
                if (tableDepth > 0) return;
                out.endHeading();
            }
            case "p", "li", "blockquote", "pre", "dd", "dt", "section", "article" -> {
                blockDepth = Math.max(0, blockDepth - 1);
                if (tableDepth == 0) out.breakParagraph();
            }
            case "td", "th" -> {
                if (tableDepth == 1) out.endCell();
            }
            case "tr" -> {
                if (tableDepth == 1) out.endRow();
            }
            case "table" -> {
                if (--tableDepth == 0) out.endTable();
            }
            case "div" -> out.breakParagraph();
            default -> {
            }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (!inBody || skipDepth > 0) return;
        if (sheetTitle) {
            sheetName.append(ch, start, length);
            return;
        }
        if (tableDepth > 0 && !out.inCell()) {
            // whitespace between cells (Tika writes tabs and newlines there) is layout, not content
            boolean blank = true;
            for (int i = start; i < start + length; i++) if (!Character.isWhitespace(ch[i])) blank = false;
            if (blank) return;
        }
        out.append(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        // newlines inside a paragraph are line breaks (PDF lines); between elements they are only layout
        if (!inBody || skipDepth > 0 || tableDepth > 0 || blockDepth == 0) return;
        out.append(ch, start, length);
    }
}
