package ftkit.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default replies: deterministic, about the prompt, and valid for the requested schema. */
class DefaultResponderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DefaultResponder responder = new DefaultResponder();

    private static ChatCall call(String user, JsonNode schema) {
        return new ChatCall(Route.OPENAI, "m", "system prompt", List.of(new ChatCall.Turn("user", user)), schema,
                schema != null, null, null);
    }

    private JsonNode reply(String user, String schema) throws Exception {
        return JSON.readTree(responder.reply(call(user, schema == null ? null : JSON.readTree(schema))));
    }

    @Test
    void withoutSchemaRepliesWithAlternatingTurnsAboutThePrompt() throws Exception {
        JsonNode messages = reply("Write a support conversation about password resets", null).get("messages");
        assertEquals(2, messages.size());
        assertEquals("user", messages.get(0).get("role").asText());
        assertEquals("assistant", messages.get(1).get("role").asText());
        assertTrue(messages.get(0).get("content").asText().contains("write a support conversation about password"));
    }

    @Test
    void promptAskingForTurnsGetsThatManyPairs() throws Exception {
        assertEquals(6, reply("A 3-turn debugging dialogue", null).get("messages").size());
        assertEquals(20, reply("99 turns please", null).get("messages").size(), "capped at 10 pairs");
    }

    @Test
    void sameCallSameReplyOtherPromptOtherReply() {
        String first = responder.reply(call("tides", null));
        assertEquals(first, responder.reply(call("tides", null)));
        assertNotEquals(first, responder.reply(call("volcanoes", null)));
        ChatCall otherModel = new ChatCall(Route.OPENAI, "other", "system prompt",
                List.of(new ChatCall.Turn("user", "tides")), null, false, null, null);
        assertNotEquals(first, responder.reply(otherModel));
    }

    @Test
    void followsAJsonSchemaWithRefsEnumsAndBounds() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{"
                + "\"conversations\":{\"type\":\"array\",\"minItems\":3,\"items\":{\"$ref\":\"#/$defs/conv\"}},"
                + "\"difficulty\":{\"type\":\"string\",\"enum\":[\"simple\",\"medium\",\"complex\"]},"
                + "\"count\":{\"type\":\"integer\",\"minimum\":5,\"maximum\":7},"
                + "\"score\":{\"type\":\"number\"},\"valid\":{\"type\":\"boolean\"},"
                + "\"note\":{\"type\":[\"string\",\"null\"],\"maxLength\":8},"
                + "\"kind\":{\"const\":\"sft\"}},"
                + "\"$defs\":{\"conv\":{\"type\":\"object\",\"properties\":{\"messages\":{\"type\":\"array\","
                + "\"items\":{\"type\":\"object\",\"properties\":{"
                + "\"role\":{\"type\":\"string\",\"enum\":[\"system\",\"user\",\"assistant\"]},"
                + "\"content\":{\"type\":\"string\"}}}}}}}}";
        JsonNode value = reply("Customer billing questions", schema);

        assertEquals(3, value.get("conversations").size());
        for (JsonNode conversation : value.get("conversations")) {
            JsonNode messages = conversation.get("messages");
            assertEquals(2, messages.size());
            assertEquals("user", messages.get(0).get("role").asText());
            assertEquals("assistant", messages.get(1).get("role").asText());
            assertTrue(messages.get(0).get("content").asText().contains("customer billing questions"));
        }
        assertTrue(List.of("simple", "medium", "complex").contains(value.get("difficulty").asText()));
        int count = value.get("count").asInt();
        assertTrue(count >= 5 && count <= 7, "count " + count);
        assertTrue(value.get("score").isNumber());
        assertTrue(value.get("valid").asBoolean());
        assertTrue(value.get("note").asText().length() <= 8);
        assertEquals("sft", value.get("kind").asText());
    }

    @Test
    void understandsGeminiUpperCaseTypes() throws Exception {
        String schema = "{\"type\":\"OBJECT\",\"properties\":{\"messages\":{\"type\":\"ARRAY\",\"items\":"
                + "{\"type\":\"OBJECT\",\"properties\":{\"role\":{\"type\":\"STRING\"},"
                + "\"content\":{\"type\":\"STRING\"}}}}}}";
        JsonNode messages = reply("Gemini please", schema).get("messages");
        assertEquals("user", messages.get(0).get("role").asText());
        assertEquals("assistant", messages.get(1).get("role").asText());
    }
}
