package ftkit.io;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RecordConverterTest {
    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    private static Sample read(String s, RecordFormat expected) throws Exception {
        JsonNode node = json(s);
        assertEquals(expected, RecordFormat.detect(node), "detected format of " + s);
        return RecordConverter.toSample(node);
    }

    @Test
    void openAiChatWithToolsAndWeights() throws Exception {
        Sample s = read("""
                {"messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Anagram of listen?"},
                {"role":"assistant","tool_calls":[{"id":"TX92Jm8Zi","type":"function","function":{"name":"anagram","arguments":"{\\"word\\": \\"listen\\"}"}}]},
                {"role":"tool","content":"{\\"anagram\\": \\"silent\\"}","tool_call_id":"TX92Jm8Zi"},
                {"role":"assistant","content":"silent","weight":0}],
                "tools":[{"type":"function","function":{"name":"anagram","parameters":{"type":"object"}}}]}""", RecordFormat.OPENAI_CHAT);
        assertEquals("Be terse.", s.system());
        assertEquals(4, s.messages().size());
        assertEquals("anagram", s.messages().get(1).toolCalls().get(0).name());
        assertEquals("{\"word\": \"listen\"}", s.messages().get(1).toolCalls().get(0).arguments());
        assertNull(s.messages().get(1).content());
        assertEquals("TX92Jm8Zi", s.messages().get(2).toolCallId());
        assertEquals(0, s.messages().get(3).weight());
        assertEquals(1, s.tools().size());
        assertEquals("imported", s.metadata().mode());
    }

    @Test
    void bedrockClaude() throws Exception {
        Sample s = read("{\"system\":\"You help.\",\"messages\":[{\"role\":\"user\",\"content\":\"what is AWS\"},{\"role\":\"assistant\",\"content\":\"it's Amazon Web Services.\"}]}",
                RecordFormat.BEDROCK_CLAUDE);
        assertEquals("You help.", s.system());
        assertEquals("it's Amazon Web Services.", s.messages().get(1).content());
    }

    @Test
    void vertexGeminiWithFunctionCalls() throws Exception {
        Sample s = read("""
                {"systemInstruction":{"role":"system","parts":[{"text":"Sell phones."}]},
                 "contents":[{"role":"user","parts":[{"text":"In stock?"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"stock","args":{"sku":"P8"}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"stock","response":{"n":3}}}]},
                  {"role":"model","parts":[{"text":"Yes, "},{"text":"3 left."}]}],
                 "tools":[{"functionDeclarations":[{"name":"stock","parameters":{"type":"object"}}]}]}""", RecordFormat.VERTEX_GEMINI);
        assertEquals("Sell phones.", s.system());
        assertEquals(4, s.messages().size());
        assertEquals(Message.ASSISTANT, s.messages().get(1).role());
        assertEquals("{\"sku\":\"P8\"}", s.messages().get(1).toolCalls().get(0).arguments());
        assertEquals(Message.TOOL, s.messages().get(2).role());
        assertEquals(s.messages().get(1).toolCalls().get(0).id(), s.messages().get(2).toolCallId());
        assertEquals("Yes, 3 left.", s.messages().get(3).content());
        assertEquals("stock", s.tools().get(0).path("function").path("name").asText());
    }

    @Test
    void alpacaShareGptPromptCompletionAndConverse() throws Exception {
        Sample a = read("{\"instruction\":\"Translate\",\"input\":\"chat\",\"output\":\"cat\"}", RecordFormat.ALPACA);
        assertEquals("Translate\n\nchat", a.messages().get(0).content());
        assertEquals("cat", a.messages().get(1).content());
        Sample a2 = read("{\"instruction\":\"Say hi\",\"input\":\"\",\"output\":\"hi\"}", RecordFormat.ALPACA);
        assertEquals("Say hi", a2.messages().get(0).content());

        Sample g = read("{\"conversations\":[{\"from\":\"system\",\"value\":\"S\"},{\"from\":\"human\",\"value\":\"Q\"},{\"from\":\"gpt\",\"value\":\"A\"}]}", RecordFormat.SHAREGPT);
        assertEquals("S", g.system());
        assertEquals(Message.USER, g.messages().get(0).role());
        assertEquals("A", g.messages().get(1).content());

        Sample p = read("{\"prompt\":\"2+2?\",\"completion\":\"4\"}", RecordFormat.PROMPT_COMPLETION);
        assertEquals("2+2?", p.messages().get(0).content());
        assertEquals("4", p.messages().get(1).content());

        Sample c = read("{\"schemaVersion\":\"bedrock-conversation-2024\",\"system\":[{\"text\":\"S\"}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Q\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"A\"}]}]}",
                RecordFormat.BEDROCK_CONVERSE);
        assertEquals("S", c.system());
        assertEquals("A", c.messages().get(1).content());
    }

    @Test
    void canonicalRoundTripsThroughJson() throws Exception {
        Sample s = new Sample().id("s1").system("sys").add(Message.user("q")).add(Message.assistant("a"));
        s.metadata().sourceFile("faq.pdf").locate("page", 3).detector("qa-pattern").mode("extracted").split("train");
        s.metadata().keywords(java.util.List.of("refund", "order"));
        s.metadata().put("category", "billing");
        JsonNode node = Json.MAPPER.valueToTree(s);
        assertEquals(RecordFormat.CANONICAL, RecordFormat.detect(node));
        Sample back = RecordConverter.toSample(node);
        assertEquals(s, back);
        assertEquals(3, back.metadata().locator().get("page"));
        assertEquals("billing", back.metadata().getString("category"));
        assertEquals("page=3", back.metadata().locatorText());
    }

    @Test
    void refusesWhatItCannotHoldWithAReason() throws Exception {
        RecordException img = assertThrows(RecordException.class, () -> RecordConverter.toSample(json(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}")));
        assertEquals("unsupported_content", img.code());
        RecordException unknown = assertThrows(RecordException.class, () -> RecordConverter.toSample(json("{\"text\":\"x\"}")));
        assertEquals("unknown_format", unknown.code());
        assertTrue(unknown.getMessage().contains("[text]"));
        RecordException num = assertThrows(RecordException.class, () -> RecordConverter.toSample(json(
                "{\"messages\":[{\"role\":\"user\",\"content\":5}]}")));
        assertEquals("content_not_string", num.code());
    }
}
