package ftkit.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class PrompterTest {
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    Prompter answering(boolean colour, String... lines) {
        String input = lines.length == 0 ? "" : String.join("\n", lines) + "\n";
        return new Prompter(new BufferedReader(new StringReader(input)), new PrintStream(screen, true, StandardCharsets.UTF_8), colour);
    }

    String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void choiceIsAskedAgainUntilValidAndEnterTakesTheDefault() throws Exception {
        List<Prompter.Choice<String>> choices = List.of(new Prompter.Choice<>("red", "Red"), new Prompter.Choice<>("blue", "Blue"));
        assertEquals("blue", answering(false, "0", "x", "2").choose("Colour", choices, 0));
        assertTrue(screen().contains("'0' is not a choice; type a number from 1 to 2"), screen());
        assertTrue(screen().contains("'x' is not a choice"), screen());
        assertEquals("red", answering(false, "").choose("Colour", choices, 0));
        assertEquals("blue", answering(false, "BLUE").choose("Colour", choices, null), "the value typed out works too");
    }

    @Test
    void numbersAreCheckedAgainstTheirRange() throws Exception {
        assertEquals(12, answering(false, "abc", "9", "1,000,000", "12").askWhole("Size", 10, 1000, 100L));
        assertTrue(screen().contains("'abc' is not a whole number"), screen());
        assertTrue(screen().contains("9 is out of range; type a whole number from 10 to 1000"), screen());
        assertEquals(0.75, answering(false, "1", "0", "75%").askFraction("Share", 0, 1, 0.8));
        assertEquals(0.8, answering(false, "").askFraction("Share", 0, 1, 0.8));
    }

    @Test
    void yesNoAndText() throws Exception {
        assertFalse(answering(false, "maybe", "N").askYesNo("Go?", true));
        assertTrue(screen().contains("answer y or n"));
        assertEquals("hello", answering(false, "", "hi", "hello").askText("Word", null, t -> t.length() < 3 ? "too short" : null));
        assertTrue(screen().contains("an answer is needed") && screen().contains("too short"), screen());
    }

    @Test
    void closedInputEndsTheDialogue() {
        assertThrows(Prompter.InputClosed.class, () -> answering(false, "x").askWhole("Size", 1, 5, null));
    }

    @Test
    void colourOnlyWhenWanted() throws Exception {
        answering(false).success("done");
        answering(false).error("bad");
        assertFalse(screen().contains("\u001b["), screen());
        answering(true).success("done");
        answering(true).warning("careful");
        answering(true).error("bad");
        assertTrue(screen().contains("\u001b[32m✔ done\u001b[0m"), screen());
        assertTrue(screen().contains("\u001b[33m! careful\u001b[0m"), screen());
        assertTrue(screen().contains("\u001b[31m✘ bad\u001b[0m"), screen());
    }
}
