package ftkit.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        Log.reset();
    }

    private String capture(boolean colour, Log.Level level) {
        Log.reset();
        Log.to(new PrintStream(out, true, StandardCharsets.UTF_8), colour);
        Log.level(level);
        Log.verbose("v %d", 1);
        Log.info("i %s", "x");
        Log.warn("w");
        Log.error("e 100%");
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void levelsDecideWhatIsPrinted() {
        assertEquals("e 100%".replace("e", "error: e") + "\n", capture(false, Log.Level.QUIET));
        out.reset();
        assertEquals("i x\nwarning: w\nerror: e 100%\n", capture(false, Log.Level.NORMAL));
        out.reset();
        assertEquals("v 1\ni x\nwarning: w\nerror: e 100%\n", capture(false, Log.Level.VERBOSE));
    }

    @Test
    void colourOnlyWhenAsked() {
        String coloured = capture(true, Log.Level.NORMAL);
        assertTrue(coloured.contains("\u001B[31merror: e 100%\u001B[0m"), coloured);
        assertTrue(coloured.contains("\u001B[33mwarning: w\u001B[0m"), coloured);
        out.reset();
        assertFalse(capture(false, Log.Level.VERBOSE).contains("\u001B"));
    }

    @Test
    void colourIsWantedOnATerminalUnlessNoColorOrDumbTerminal() {
        assertTrue(Log.colourWanted(Map.of("TERM", "xterm-256color"), true));
        assertFalse(Log.colourWanted(Map.of("TERM", "xterm-256color"), false));
        assertFalse(Log.colourWanted(Map.of("NO_COLOR", ""), true), "NO_COLOR with any value, even empty");
        assertFalse(Log.colourWanted(Map.of("TERM", "dumb"), true));
    }

    @Test
    void secretsAreScrubbedFromEveryMessage() {
        Log.to(new PrintStream(out, true, StandardCharsets.UTF_8), false);
        Log.addSecrets(List.of("sk-live-123456"));
        Log.error("provider said: bad key sk-live-123456 for postgresql://u:pw9876@h/db");
        assertEquals("error: provider said: bad key ******** for postgresql://u:********@h/db\n",
                out.toString(StandardCharsets.UTF_8));
    }
}
