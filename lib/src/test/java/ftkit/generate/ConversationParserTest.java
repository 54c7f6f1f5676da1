package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class ConversationParserTest {

    private static String problem(String reply, int pairs) {
        return assertInstanceOf(ConversationParser.Problem.class, ConversationParser.parse(reply, pairs)).reason();
    }

    @Test
    void acceptsAnObjectABareArrayAndACodeFence() {
        String conversation = "[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]";
        assertEquals(2, assertInstanceOf(ConversationParser.Turns.class,
                ConversationParser.parse("{\"messages\":" + conversation + "}", 1)).messages().size());
        assertEquals(2, assertInstanceOf(ConversationParser.Turns.class,
                ConversationParser.parse(conversation, 0)).messages().size());
        assertEquals("b", assertInstanceOf(ConversationParser.Turns.class,
                ConversationParser.parse("```json\n{\"messages\":" + conversation + "}\n```", 1)).messages().get(1).content());
    }

    @Test
    void rejectsBrokenStructureWithAReasonTheModelCanActOn() {
        assertEquals("the reply is empty", problem("  ", 1));
        assertEquals("the reply has no \"messages\" array", problem("{\"conversation\": []}", 1));
        assertEquals("message 1 is from assistant but should be from user (turns alternate, starting with user)",
                problem("[{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]", 1));
        assertEquals("message 2 has role \"system\"; only user and assistant are allowed",
                problem("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"system\",\"content\":\"b\"}]", 1));
        assertEquals("message 2 (assistant) has no text content",
                problem("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\" \"}]", 1));
        assertEquals("the conversation ends with a user message, not an assistant answer",
                problem("[{\"role\":\"user\",\"content\":\"a\"}]", 0));
        assertEquals("the conversation has 1 exchanges but 2 were asked for",
                problem("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]", 2));
        assertEquals("the conversation has no messages", problem("{\"messages\": []}", 1));
        String truncated = problem("{\"messages\": [{\"role\":\"user\",\"content\":\"a", 1);
        assertEquals(true, truncated.startsWith("the reply is not valid JSON ("), truncated);
    }
}
