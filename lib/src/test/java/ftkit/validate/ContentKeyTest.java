package ftkit.validate;

import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ContentKeyTest {
    static Sample s(String user, String assistant) {
        return new Sample().add(Message.user(user)).add(Message.assistant(assistant));
    }

    @Test
    void caseSpacingAndUnicodeFormDoNotMatter() {
        ContentKey a = ContentKey.of(s("How do I reset my password?", "Use the link."));
        assertEquals(a, ContentKey.of(s("  how do I   RESET my\tpassword?\n", "Use the\nlink.  ")));
        assertNotEquals(a, ContentKey.of(s("How do I reset my passwords?", "Use the link.")));
        // NFKC: the full-width and ligature forms normalise to the same text
        assertEquals(ContentKey.of(s("ﬁle ＡＢＣ", "x")), ContentKey.of(s("file abc", "x")));
        // the ASCII fast path and the general path agree when text mixes both
        assertEquals(ContentKey.of(s("Café  AU lait", "ok")), ContentKey.of(s("café au LAIT", "ok")));
    }

    @Test
    void rolesAndTurnBoundariesMatter() {
        assertNotEquals(ContentKey.of(s("a", "b")), ContentKey.of(new Sample().add(Message.user("b")).add(Message.assistant("a"))));
        assertNotEquals(ContentKey.of(s("ab", "c")), ContentKey.of(s("a", "bc")));
    }
}
