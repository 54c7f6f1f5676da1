package ftkit.io;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/**
 * One physical line of a JSONL input: its 1-based number, its bytes (without the line terminator), and either
 * the parsed JSON value or the reason it could not be parsed.
 */
public record JsonlLine(String source, long number, byte[] bytes, JsonNode node, String error) {

    public boolean ok() {
        return error == null;
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** "file.jsonl:12" — the form every error message uses to point at a line. */
    public String where() {
        return source + ":" + number;
    }
}
