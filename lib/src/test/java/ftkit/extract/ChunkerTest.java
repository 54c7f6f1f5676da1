package ftkit.extract;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ChunkerTest {
    private static DocumentText markdown(String text) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("chunk", ".md");
        try {
            java.nio.file.Files.writeString(f, text);
            return SourceReader.read(f, 5_000_000).doc();
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    @Test
    void chunksAreVerbatimBoundedOverlappingAndCoverTheText() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int s = 1; s <= 4; s++) {
            sb.append("## Section ").append(s).append("\n\n");
            for (int p = 1; p <= 5; p++) {
                for (int k = 1; k <= 6; k++) {
                    sb.append("Sentence ").append(k).append(" of paragraph ").append(p).append(" in section ").append(s)
                            .append(" talks about widgets and batteries. ");
                }
                sb.append("\n\n");
            }
        }
        DocumentText doc = markdown(sb.toString());
        TokenCounter counter = TokenCounter.DEFAULT;
        List<Chunker.Span> chunks = new Chunker(counter, 120, 30).chunk(doc);
        assertTrue(chunks.size() > 10, "" + chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunker.Span c = chunks.get(i);
            String text = doc.text().substring(c.start(), c.end());
            assertEquals(counter.count(text), c.tokens());
            assertTrue(c.tokens() <= 120, "chunk " + i + " has " + c.tokens() + " tokens");
            assertEquals(text.strip(), text);
            if (i > 0) assertTrue(c.start() > chunks.get(i - 1).start(), "progress");
        }
        long overlapping = 0;
        for (int i = 1; i < chunks.size(); i++) if (chunks.get(i).start() < chunks.get(i - 1).end()) overlapping++;
        assertTrue(overlapping > 0, "some chunks overlap their predecessor");
        // every sentence of the document is inside some chunk
        for (String sentence : doc.text().split("(?<=\\. )")) {
            String t = sentence.strip();
            if (t.isEmpty()) continue;
            assertTrue(chunks.stream().anyMatch(c -> doc.text().substring(c.start(), c.end()).contains(t)), t);
        }
        // a heading starts a chunk when the section before it did not fit
        assertTrue(chunks.stream().anyMatch(c -> doc.text().startsWith("## Section 2", c.start())));
    }

    @Test
    void smallDocumentIsOneChunkAndHugeWordsAreCut() throws Exception {
        DocumentText small = markdown("# Title\n\nJust one short paragraph.\n");
        List<Chunker.Span> one = new Chunker(TokenCounter.DEFAULT, 512, 64).chunk(small);
        assertEquals(1, one.size());
        assertEquals("# Title\n\nJust one short paragraph.", small.text().substring(one.get(0).start(), one.get(0).end()));
        DocumentText blob = markdown("x".repeat(5000) + "\n");
        for (Chunker.Span c : new Chunker(TokenCounter.DEFAULT, 50, 0).chunk(blob)) assertTrue(c.tokens() <= 50, "" + c.tokens());
        assertThrows(IllegalArgumentException.class, () -> new Chunker(TokenCounter.DEFAULT, 10, 10));
    }
}
