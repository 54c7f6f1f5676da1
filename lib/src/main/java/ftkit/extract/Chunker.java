package ftkit.extract;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a document into token-bounded chunks for generation. Text is split at headings first, then at paragraphs
 * (blank lines), then at lines, then at sentences, and only then between words, so every piece is at most
 * {@code targetTokens}; pieces are then packed in order up to the target, and each chunk after the first starts
 * with the trailing pieces of the previous one worth at most {@code overlapTokens}. A chunk is one contiguous
 * span of the document text, so it is verbatim too.
 */
public final class Chunker {
    /** A chunk as a span of the document text with its exact token count and the line it starts on. */
    public record Span(int start, int end, int tokens, int firstLine) {
    }

    private record Piece(int start, int end, int tokens) {
    }

    private final TokenCounter counter;
    private final int targetTokens;
    private final int overlapTokens;

    public Chunker(TokenCounter counter, int targetTokens, int overlapTokens) {
        if (targetTokens < 1) throw new IllegalArgumentException("chunk size must be at least 1 token");
        if (overlapTokens < 0 || overlapTokens >= targetTokens) {
            throw new IllegalArgumentException("chunk overlap must be between 0 and the chunk size - 1");
        }
        this.counter = counter;
        this.targetTokens = targetTokens;
        this.overlapTokens = overlapTokens;
    }

    public List<Span> chunk(DocumentText doc) {
        String text = doc.text();
        List<Piece> pieces = new ArrayList<>();
        List<DocumentText.Line> lines = doc.lines();
        int sectionStart = 0;
        for (int i = 1; i <= lines.size(); i++) {
            if (i == lines.size() || lines.get(i).heading() > 0) {
                split(text, lines, sectionStart, i, Level.SECTION, pieces);
                sectionStart = i;
            }
        }
        return pack(doc, text, pieces);
    }

    private enum Level { SECTION, PARAGRAPH, LINE }

    /** Adds pieces for lines [from, to) at the given level, going one level finer when a piece is too big. */
    private void split(String text, List<DocumentText.Line> lines, int from, int to, Level level, List<Piece> out) {
        if (from >= to) return;
        int[] span = ConversationDetector.trim(text, lines.get(from).start(), lines.get(to - 1).end());
        if (span[0] >= span[1]) return;
        int tokens = counter.count(text.substring(span[0], span[1]));
        if (tokens <= targetTokens) {
            out.add(new Piece(span[0], span[1], tokens));
            return;
        }
        switch (level) {
            case SECTION -> {
                int start = from;
                for (int i = from; i <= to; i++) {
                    if (i == to || lines.get(i).isBlank(text)) {
                        split(text, lines, start, i, Level.PARAGRAPH, out);
                        start = i + 1;
                    }
                }
            }
            case PARAGRAPH -> {
                if (to - from == 1) {
                    sentences(text, span[0], span[1], out);
                } else {
                    for (int i = from; i < to; i++) split(text, lines, i, i + 1, Level.LINE, out);
                }
            }
            case LINE -> sentences(text, span[0], span[1], out);
        }
    }

    private void sentences(String text, int start, int end, List<Piece> out) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text.substring(start, end));
        int s = it.first();
        for (int e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
            int[] span = ConversationDetector.trim(text, start + s, start + e);
            if (span[0] >= span[1]) continue;
            int tokens = counter.count(text.substring(span[0], span[1]));
            if (tokens <= targetTokens) out.add(new Piece(span[0], span[1], tokens));
            else words(text, span[0], span[1], out);
        }
    }

    /** Last resort for a sentence longer than a chunk: windows of whole words (or characters, for one huge word). */
    private void words(String text, int start, int end, List<Piece> out) {
        int windowStart = start;
        int windowTokens = 0;
        int i = start;
        while (i < end) {
            int wordEnd = i;
            while (wordEnd < end && Character.isWhitespace(text.charAt(wordEnd))) wordEnd++;
            while (wordEnd < end && !Character.isWhitespace(text.charAt(wordEnd))) wordEnd++;
            int wordTokens = counter.count(text.substring(i, wordEnd));
            if (windowTokens + wordTokens > targetTokens && i > windowStart) {
                int[] span = ConversationDetector.trim(text, windowStart, i);
                out.add(new Piece(span[0], span[1], counter.count(text.substring(span[0], span[1]))));
                windowStart = i;
                windowTokens = 0;
            }
            if (wordTokens > targetTokens) {
                // one "word" longer than a chunk (a base64 blob, a URL list): cut it by characters
                int step = Math.max(1, (wordEnd - i) * targetTokens / wordTokens);
                for (int c = i; c < wordEnd; c += step) {
                    int[] span = ConversationDetector.trim(text, c, Math.min(wordEnd, c + step));
                    if (span[0] < span[1]) out.add(new Piece(span[0], span[1], counter.count(text.substring(span[0], span[1]))));
                }
                windowStart = wordEnd;
                windowTokens = 0;
            } else {
                windowTokens += wordTokens;
            }
            i = wordEnd;
        }
        int[] span = ConversationDetector.trim(text, windowStart, end);
        if (span[0] < span[1]) out.add(new Piece(span[0], span[1], counter.count(text.substring(span[0], span[1]))));
    }

    private List<Span> pack(DocumentText doc, String text, List<Piece> pieces) {
        List<Span> chunks = new ArrayList<>();
        int first = 0;
        while (first < pieces.size()) {
            int last = first;
            int sum = pieces.get(first).tokens();
            while (last + 1 < pieces.size() && sum + pieces.get(last + 1).tokens() <= targetTokens) {
                last++;
                sum += pieces.get(last).tokens();
            }
            // joining pieces can add a token at a seam; drop pieces until the exact count fits
            int tokens = counter.count(text.substring(pieces.get(first).start(), pieces.get(last).end()));
            while (tokens > targetTokens && last > first) {
                last--;
                tokens = counter.count(text.substring(pieces.get(first).start(), pieces.get(last).end()));
            }
            int start = pieces.get(first).start();
            chunks.add(new Span(start, pieces.get(last).end(), tokens, doc.lineAt(start)));
            if (last + 1 >= pieces.size()) break;
            int next = last + 1;
            int overlap = 0;
            while (next - 1 > first && overlap + pieces.get(next - 1).tokens() <= overlapTokens) {
                next--;
                overlap += pieces.get(next).tokens();
            }
            first = next;
        }
        return chunks;
    }
}
