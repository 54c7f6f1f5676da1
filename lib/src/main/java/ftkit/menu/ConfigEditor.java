package ftkit.menu;

import ftkit.config.ConfigException;
import ftkit.config.ConfigFile;
import ftkit.config.ConfigProblem;
import ftkit.config.Setting;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Changes values in a {@code config.yaml} text line by line, so comments, blank lines and order stay as the user
 * wrote them: a key that is present gets its value replaced in place (its trailing comment kept, at the same
 * column when it fits); a missing key is added at the end of its section (the section is created if needed).
 * {@link #save} checks the result with {@link ConfigFile} before it replaces the file, atomically.
 */
public final class ConfigEditor {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./@+-][A-Za-z0-9_./:@+-]*");

    private ConfigEditor() {
    }

    /** The text with {@code setting} set to {@code value} (written as a YAML scalar). */
    public static String set(String yaml, Setting setting, String value) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigFile parsed = ConfigFile.parse(null, "config.yaml", yaml, problems);
        if (!problems.isEmpty()) throw new IllegalArgumentException("cannot edit a config with problems: " + problems);
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
        boolean endsWithNewline = yaml.endsWith("\n");
        if (endsWithNewline) lines.remove(lines.size() - 1);
        String scalar = scalar(value);
        ConfigFile.Entry entry = parsed.entries().get(setting);
        if (entry != null && entry.line() > 0) {
            int index = entry.line() - 1;
            lines.set(index, replaceValue(lines.get(index), setting.leaf(), scalar));
        } else {
            insert(lines, setting.key().split("\\."), scalar);
        }
        String out = String.join("\n", lines);
        return out.isEmpty() || endsWithNewline || out.endsWith("\n") ? out + (out.endsWith("\n") ? "" : "\n") : out + "\n";
    }

    /** Sets several values in order. */
    public static String setAll(String yaml, Map<Setting, String> values) {
        String text = yaml;
        for (Map.Entry<Setting, String> e : values.entrySet()) text = set(text, e.getKey(), e.getValue());
        return text;
    }

    /** A value as YAML: plain when safe, else a double-quoted (JSON-style) string. */
    static String scalar(String value) {
        if (value == null) return "";
        if (PLAIN.matcher(value).matches() && !value.contains(": ")) return value;
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** "  ratio: 0.8     # share" with a new value, the comment kept at its column when the value fits. */
    static String replaceValue(String line, String leaf, String scalar) {
        int colon = line.indexOf(leaf + ":");
        if (colon < 0) throw new IllegalStateException("key " + leaf + " not on line: " + line);
        String head = line.substring(0, colon + leaf.length() + 1);
        String rest = line.substring(head.length());
        int comment = commentStart(rest);
        if (comment < 0) return head + " " + scalar;
        String commentText = rest.substring(comment);
        String body = head + " " + scalar;
        int column = head.length() + comment;
        return body.length() < column ? body + " ".repeat(column - body.length()) + commentText : body + "  " + commentText;
    }

    /** Index of a " #" comment outside quotes in the text after a key's colon, or -1. */
    static int commentStart(String rest) {
        char quote = 0;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(rest.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    /** Adds a missing key: walks down existing sections, then appends what is missing at the end of the deepest one. */
    static void insert(List<String> lines, String[] path, String scalar) {
        int blockStart = 0;
        int blockEnd = lines.size();
        int parentIndent = -1;
        int depth = 0;
        while (depth < path.length - 1) {
            int found = -1;
            for (int i = blockStart; i < blockEnd; i++) {
                String line = lines.get(i);
                if (isContent(line) && indent(line) > parentIndent
                        && line.strip().matches(Pattern.quote(path[depth]) + ":\\s*(#.*)?")) {
                    found = i;
                    break;
                }
            }
            if (found < 0) break;
            parentIndent = indent(lines.get(found));
            blockStart = found + 1;
            blockEnd = endOfBlock(lines, blockStart, parentIndent);
            depth++;
        }
        int childIndent = parentIndent < 0 ? 0 : childIndent(lines, blockStart, blockEnd, parentIndent);
        List<String> added = new ArrayList<>();
        for (int d = depth; d < path.length; d++) {
            String pad = " ".repeat(childIndent + 2 * (d - depth));
            added.add(d == path.length - 1 ? pad + path[d] + ": " + scalar : pad + path[d] + ":");
        }
        // after the last content line of the block, so trailing blank lines and comments stay below
        int at = blockEnd;
        while (at > blockStart && !isContent(lines.get(at - 1))) at--;
        if (parentIndent < 0) at = lines.size();
        lines.addAll(at, added);
    }

    private static int childIndent(List<String> lines, int from, int to, int parentIndent) {
        for (int i = from; i < to; i++) if (isContent(lines.get(i))) return indent(lines.get(i));
        return parentIndent + 2;
    }

    private static int endOfBlock(List<String> lines, int from, int parentIndent) {
        for (int i = from; i < lines.size(); i++) {
            if (isContent(lines.get(i)) && indent(lines.get(i)) <= parentIndent) return i;
        }
        return lines.size();
    }

    private static boolean isContent(String line) {
        String s = line.strip();
        return !s.isEmpty() && !s.startsWith("#");
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') n++;
        return n;
    }

    /**
     * Checks {@code yaml} as a config (keys, values, cross-checks) and only then replaces {@code file} with it:
     * a temp file in the same folder, renamed over the old one. On problems nothing is written.
     *
     * @throws ConfigException naming {@code file}'s lines, when the text is not a valid config
     */
    public static void save(Path file, String yaml) throws ConfigException, IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, yaml);
            try {
                ConfigFile.load(temp);
            } catch (ConfigException e) {
                List<ConfigProblem> named = new ArrayList<>();
                String tempName = temp.getFileName().toString();
                for (ConfigProblem p : e.problems()) {
                    named.add(new ConfigProblem(p.where() == null ? null : p.where().replace(temp.toString(), file.toString())
                            .replace(tempName, file.getFileName().toString()), p.key(), p.message()));
                }
                throw new ConfigException(named);
            }
            if (Files.exists(absolute)) {
                try {
                    temp.toFile().setReadable(true, false);
                } catch (SecurityException ignored) {
                    // keep the temp file's permissions
                }
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
