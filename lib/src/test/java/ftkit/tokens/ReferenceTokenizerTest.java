package ftkit.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Token ids must equal the reference tokenizers' (OpenAI's tiktoken, llama3-tokenizer-js) on a corpus with
 * prose, code, whitespace runs, CJK and emoji. The reference ids are produced by
 * tools/tokenizer-reference/reference.mjs; test.sh regenerates them and checks the committed copy.
 */
class ReferenceTokenizerTest {
    static JsonNode reference() throws IOException {
        try (InputStream in = ReferenceTokenizerTest.class.getResourceAsStream("/tokens/reference-ids.json")) {
            return Json.MAPPER.readTree(in);
        }
    }

    /** Meta's ranks file, from the shared reference folder beside the project (tests only; never shipped). */
    static Path llama3File() {
        Path p = TestPaths.projectRoot().resolve("../shared/reference/tokenizers/llama3/tokenizer.model").normalize();
        return Files.isRegularFile(p) ? p : null;
    }

    private static List<Integer> ids(IntArrayList list) {
        List<Integer> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) out.add(list.get(i));
        return out;
    }

    private static List<Integer> ids(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asInt());
        return out;
    }

    private void assertSameIds(Encoding encoding, String field) throws IOException {
        assertSameIds(encoding::encodeOrdinary, field);
    }

    private void assertSameIds(java.util.function.Function<String, IntArrayList> encoder, String field) throws IOException {
        JsonNode ref = reference();
        int checked = 0;
        for (JsonNode t : ref.path("texts")) {
            String text = t.get("text").asText();
            assertEquals(ids(t.get(field)), ids(encoder.apply(text)), field + " ids of " + text);
            checked++;
        }
        assertTrue(checked >= 25, "corpus too small: " + checked);
    }

    @Test
    void o200kMatchesTiktoken() throws IOException {
        assertSameIds(Tokenizers.encoding(EncodingType.O200K_BASE), "o200k_base");
    }

    @Test
    void cl100kMatchesTiktoken() throws IOException {
        assertSameIds(Tokenizers.encoding(EncodingType.CL100K_BASE), "cl100k_base");
    }

    @Test
    void llama3MatchesReferenceIdsAndChatTemplateCounts() throws IOException {
        Path file = llama3File();
        Assumptions.assumeTrue(file != null, "shared/reference/tokenizers/llama3/tokenizer.model not found beside the project");
        Encoding llama = Llama3Tokenizer.load(file);
        assertSameIds(text -> Llama3Tokenizer.encode(llama, text), "llama3");
        TokenCounter counter = Tokenizers.forTokenizer("llama3", file, w -> fail(w), null);
        assertTrue(counter.exact());
        for (JsonNode c : reference().path("chats")) {
            Sample s = new Sample();
            for (JsonNode m : c.get("chat")) {
                String role = m.get("role").asText();
                String content = m.get("content").asText();
                if (role.equals("system") && s.system() == null && s.messages().isEmpty()) s.system(content);
                else s.add(new Message(role, content));
            }
            assertEquals(c.get("llama3_count").asInt(), counter.count(s), "chat " + c.get("chat"));
        }
    }

    @Test
    void llama3FileWithWrongChecksumIsRefused() throws IOException {
        Path bad = Files.createTempFile("tokenizer", ".model");
        try {
            Files.writeString(bad, "IQ== 0\nIg== 1\n");
            IOException e = assertThrows(IOException.class, () -> Llama3Tokenizer.load(bad));
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
            List<String> warnings = new ArrayList<>();
            TokenCounter fallback = Tokenizers.forTokenizer("llama3", bad, warnings::add, null);
            assertFalse(fallback.exact(), "a refused file must fall back to a labelled estimate");
            assertEquals("≈", fallback.mark());
            assertEquals(1, warnings.size());
        } finally {
            Files.deleteIfExists(bad);
        }
    }
}
