package ftkit.extract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text extracted from one document plus the structure needed to locate things in it. Every sample and
 * chunk is cut out of {@link #text()} by offsets, which is what makes extraction verbatim by construction.
 *
 * @param text      the extracted text; lines end with '\n', block elements are separated by a blank line
 * @param lines     one entry per line of {@code text}, in order
 * @param rows      table rows (spreadsheets, CSV, tables in documents), in order
 * @param truncated true when the write limit stopped extraction early
 */
public record DocumentText(String text, List<Line> lines, List<Row> rows, boolean truncated) {

    /**
     * One line of text. {@code contentStart} skips heading markers ("## "); {@code heading} is 0 for body text;
     * {@code locator} is the place in the source (page, slide, sheet, heading path …) shared between lines.
     */
    public record Line(int index, int start, int end, int contentStart, int heading, Map<String, Object> locator,
                       boolean inTable) {
        public boolean isBlank(String text) {
            for (int i = start; i < end; i++) if (!Character.isWhitespace(text.charAt(i))) return false;
            return true;
        }

        public String content(String text) {
            return text.substring(contentStart, end);
        }
    }

    /** A table row: its cells as [start, end) spans of the text, and its locator (with "row" when known). */
    public record Row(int table, int start, int end, List<int[]> cells, Map<String, Object> locator) {
        public String cell(String text, int column) {
            if (column >= cells.size()) return "";
            int[] c = cells.get(column);
            return text.substring(c[0], c[1]);
        }
    }

    public int length() {
        return text.length();
    }

    /** Index of the line containing offset {@code pos} (binary search). */
    public int lineAt(int pos) {
        int lo = 0, hi = lines.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lines.get(mid).start() <= pos) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    public boolean hasText() {
        for (int i = 0; i < text.length(); i++) if (!Character.isWhitespace(text.charAt(i))) return true;
        return false;
    }

    /**
     * Builds a {@link DocumentText} from a stream of text and structure events (Tika's XHTML, a CSV reader, a
     * spreadsheet reader). Text beyond {@code maxChars} is refused with {@link LimitReached}, which bounds memory.
     */
    public static final class Builder {
        private final StringBuilder sb = new StringBuilder(4096);
        private final int maxChars;
        private final List<Line> lines = new ArrayList<>();
        private final List<Row> rows = new ArrayList<>();
        private final Map<String, Object> place = new LinkedHashMap<>();
        private final List<String> headingPath = new ArrayList<>();
        private final List<Integer> headingLevels = new ArrayList<>();
        private Map<String, Object> locatorSnapshot;
        private boolean headingPathEnabled;
        private int lineStart;
        private int headingLevel;
        private int headingStart = -1;
        private int table = -1;
        private int tablesSeen;
        private int rowStart = -1;
        private int rowInTable;
        private List<int[]> cells;
        private Map<String, Object> rowLocator;
        private int cellStart = -1;
        private boolean truncated;

        public Builder(int maxChars) {
            this.maxChars = maxChars;
        }

        /** Adds a "heading" entry (the path of enclosing headings, "A > B") to every locator. */
        public Builder trackHeadings() {
            headingPathEnabled = true;
            return this;
        }

        public int position() {
            return sb.length();
        }

        public boolean truncated() {
            return truncated;
        }

        /** Sets a place key (page, slide, sheet …) from now on; null removes it. */
        public void place(String key, Object value) {
            if (value == null) place.remove(key);
            else place.put(key, value);
            locatorSnapshot = null;
            if ("sheet".equals(key) || "slide".equals(key) || "page".equals(key)) {
                // a new page or sheet does not end a heading's scope in documents, but a sheet has its own headings
                if ("sheet".equals(key)) clearHeadings();
            }
        }

        public void clearHeadings() {
            headingPath.clear();
            headingLevels.clear();
            locatorSnapshot = null;
        }

        public void append(CharSequence s) {
            append(s, 0, s.length());
        }

        public void append(CharSequence s, int from, int to) {
            for (int i = from; i < to; i++) append(s.charAt(i));
        }

        public void append(char[] ch, int from, int len) {
            for (int i = from; i < from + len; i++) append(ch[i]);
        }

        public void append(char c) {
            if (c == '\r') return; // CRLF and CR become LF so offsets and lines agree across platforms
            if (c == '\u0000') c = ' ';
            if (sb.length() >= maxChars) {
                truncated = true;
                throw new LimitReached(maxChars);
            }
            sb.append(c);
            if (c == '\n') endLine();
        }

        /** Ends the current line unless it is empty. */
        public void breakLine() {
            if (sb.length() > lineStart) append('\n');
        }

        /** Leaves one blank line after the current text (block elements: paragraphs, headings, tables). */
        public void breakParagraph() {
            breakLine();
            int n = sb.length();
            if (n >= 2 && sb.charAt(n - 1) == '\n' && sb.charAt(n - 2) != '\n') append('\n');
            else if (n == 1 && sb.charAt(0) == '\n') return;
        }

        public void startHeading(int level) {
            breakParagraph();
            popHeadings(level);
            headingLevel = level;
            headingStart = sb.length();
        }

        public void endHeading() {
            if (headingStart < 0) return;
            String title = sb.substring(headingStart).strip();
            int level = headingLevel;
            breakLine();
            headingLevel = 0;
            headingStart = -1;
            if (!title.isEmpty()) pushHeading(level, title);
            breakParagraph();
        }

        /** Records a heading that was written as plain text (a Markdown "## Title" line) once its line ended. */
        private void pushHeading(int level, String title) {
            popHeadings(level);
            headingLevels.add(level);
            headingPath.add(title);
            locatorSnapshot = null;
        }

        /** Closes the headings a new heading of this level ends, so its own line is located under its parent. */
        private void popHeadings(int level) {
            while (!headingLevels.isEmpty() && headingLevels.get(headingLevels.size() - 1) >= level) {
                headingLevels.remove(headingLevels.size() - 1);
                headingPath.remove(headingPath.size() - 1);
                locatorSnapshot = null;
            }
        }

        /** A whole heading line given at once with the offset where its title starts (Markdown). */
        public void headingLine(String line, int level, int titleOffset) {
            breakLine();
            popHeadings(level);
            int start = sb.length();
            headingLevel = level;
            headingStart = start;
            markerLength = titleOffset;
            append(line);
            append('\n');
            headingLevel = 0;
            headingStart = -1;
            markerLength = 0;
            String title = line.substring(titleOffset).strip();
            if (!title.isEmpty()) pushHeading(level, title);
        }

        private int markerLength;

        /**
         * A table row written as one raw line (a Markdown pipe table): the line is kept exactly as it is and
         * {@code cellSpans} ([start, end) within the line) say where its cells are.
         */
        public void rawRow(String line, List<int[]> cellSpans) {
            if (table < 0) {
                breakLine();
                table = tablesSeen++;
                rowInTable = 0;
            }
            breakLine();
            int start = sb.length();
            rowInTable++;
            Map<String, Object> loc = new LinkedHashMap<>(locator());
            loc.put("table", table + 1);
            loc.put("row", rowInTable);
            append(line);
            List<int[]> spans = new ArrayList<>();
            for (int[] c : cellSpans) spans.add(new int[]{start + c[0], start + c[1]});
            rows.add(new Row(table, start, sb.length(), List.copyOf(spans), Collections.unmodifiableMap(loc)));
            append('\n');
        }

        /** Ends a table made of raw rows without adding a blank line (the source text decides the spacing). */
        public void endRawTable() {
            table = -1;
        }

        public void startTable() {
            breakParagraph();
            table = tablesSeen++;
            rowInTable = 0;
        }

        public void endTable() {
            if (rowStart >= 0) endRow();
            table = -1;
            breakParagraph();
        }

        /** Starts a row; {@code rowNumber} is the real row number in the source, or 0 to count rows in the table. */
        public void startRow(int rowNumber) {
            if (table < 0) startTable();
            if (rowStart >= 0) endRow();
            breakLine();
            rowInTable++;
            rowStart = sb.length();
            cells = new ArrayList<>();
            rowLocator = new LinkedHashMap<>(locator());
            if (!rowLocator.containsKey("sheet")) rowLocator.put("table", table + 1);
            rowLocator.put("row", rowNumber > 0 ? rowNumber : rowInTable);
        }

        public void startCell() {
            if (rowStart < 0) startRow(0);
            if (cellStart >= 0) endCell();
            if (!cells.isEmpty()) append('\t');
            cellStart = sb.length();
        }

        public void endCell() {
            if (cellStart < 0) return;
            int s = cellStart, e = sb.length();
            while (s < e && Character.isWhitespace(sb.charAt(s))) s++;
            while (e > s && Character.isWhitespace(sb.charAt(e - 1))) e--;
            cells.add(new int[]{s, e});
            cellStart = -1;
        }

        public void cell(String value) {
            startCell();
            append(value);
            endCell();
        }

        public void endRow() {
            if (rowStart < 0) return;
            if (cellStart >= 0) endCell();
            int end = sb.length();
            rows.add(new Row(table, rowStart, end, List.copyOf(cells), Collections.unmodifiableMap(rowLocator)));
            rowStart = -1;
            cells = null;
            breakLine();
        }

        public boolean inRow() {
            return rowStart >= 0;
        }

        public boolean inCell() {
            return cellStart >= 0;
        }

        public Map<String, Object> locator() {
            if (locatorSnapshot == null) {
                Map<String, Object> m = new LinkedHashMap<>(place);
                if (headingPathEnabled && !headingPath.isEmpty()) m.put("heading", String.join(" > ", headingPath));
                locatorSnapshot = Collections.unmodifiableMap(m);
            }
            return locatorSnapshot;
        }

        private void endLine() {
            int end = sb.length() - 1;
            int level = headingStart >= 0 ? headingLevel : 0;
            int contentStart = level > 0 ? Math.min(end, lineStart + markerLength) : lineStart;
            lines.add(new Line(lines.size(), lineStart, end, contentStart, level, locator(), table >= 0 || rowStart >= 0));
            lineStart = sb.length();
        }

        public DocumentText build() {
            if (rowStart >= 0) {
                try {
                    endRow();
                } catch (LimitReached ignored) {
                    // the row stays incomplete; everything before it is kept
                }
            }
            if (sb.length() > lineStart) {
                int end = sb.length();
                lines.add(new Line(lines.size(), lineStart, end, lineStart, 0, locator(), false));
                lineStart = end;
            }
            return new DocumentText(sb.toString(), List.copyOf(lines), List.copyOf(rows), truncated);
        }
    }

    /** Thrown by the builder when the write limit is reached; extraction keeps what came before. */
    public static final class LimitReached extends RuntimeException {
        public LimitReached(int maxChars) {
            super("stopped after " + maxChars + " characters", null, false, false);
        }
    }
}
