package ftkit.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict {@code .env} reader. Hand-written rather than dotenv-java, which was tried: it reports a malformed
 * line without its number, silently drops it when told to be lenient, keeps single quotes as part of the value
 * and rejects {@code export A="x" # comment}. Error messages here never echo a line's value, which may be a key.
 *
 * <p>Grammar, one variable per line: blank lines and {@code # comments} are skipped; {@code [export] NAME=value}
 * where NAME is {@code [A-Za-z_][A-Za-z0-9_]*}; the value is either unquoted (trimmed, a {@code " #"} starts a
 * comment), single-quoted (literal) or double-quoted (escapes {@code \n \t \r \" \\ \$}); a value never spans
 * lines, so a missing quote cannot swallow the lines after it. A quoted value may be followed only by a comment. No {@code ${VAR}} expansion. Defining a name twice is an error.
 */
public final class DotEnv {
    /** A variable as defined in the file. */
    public record Entry(String value, int line) {
    }

    private static final Pattern ASSIGNMENT =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s?(.*)$");

    private final Path path;
    private final String displayName;
    private final Map<String, Entry> entries;

    private DotEnv(Path path, String displayName, Map<String, Entry> entries) {
        this.path = path;
        this.displayName = displayName;
        this.entries = Collections.unmodifiableMap(entries);
    }

    public Path path() {
        return path;
    }

    public String displayName() {
        return displayName;
    }

    /** Variables in file order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    public String where(int line) {
        return displayName + ":" + line;
    }

    /** Reads a file, adding each malformed line to {@code problems} and keeping the good ones. */
    public static DotEnv read(Path path, String displayName, List<ConfigProblem> problems) {
        try {
            return parse(path, displayName, Files.readString(path), problems);
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(displayName, null, "no such file"));
        } catch (CharacterCodingException e) {
            problems.add(new ConfigProblem(displayName, null, "is not valid UTF-8 text"));
        } catch (IOException e) {
            problems.add(new ConfigProblem(displayName, null, "cannot be read: " + e.getMessage()));
        }
        return new DotEnv(path, displayName, new LinkedHashMap<>());
    }

    public static DotEnv parse(Path path, String displayName, String text, List<ConfigProblem> problems) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        DotEnv file = new DotEnv(path, displayName, entries);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                problems.add(new ConfigProblem(file.where(lineNumber), null,
                        "expected NAME=value (NAME of letters, digits and '_'); the line is not shown as it may hold a secret"));
                continue;
            }
            String name = m.group(1);
            String rest = m.group(2).stripLeading();
            String value;
            if (rest.startsWith("\"")) {
                String raw = rest.substring(1);
                int close = closingDoubleQuote(raw);
                if (close < 0) {
                    problems.add(new ConfigProblem(file.where(lineNumber), name,
                            "unterminated double quote (values cannot span lines; write a newline as \\n)"));
                    continue;
                }
                value = unescape(raw.substring(0, close));
                if (!onlyComment(raw.substring(close + 1))) {
                    problems.add(new ConfigProblem(file.where(lineNumber), name,
                            "unexpected text after the closing quote (start a comment with ' #')"));
                    continue;
                }
            } else if (rest.startsWith("'")) {
                int close = rest.indexOf('\'', 1);
                if (close < 0) {
                    problems.add(new ConfigProblem(file.where(lineNumber), name,
                            "unterminated single quote (single-quoted values cannot span lines)"));
                    continue;
                }
                value = rest.substring(1, close);
                if (!onlyComment(rest.substring(close + 1))) {
                    problems.add(new ConfigProblem(file.where(lineNumber), name,
                            "unexpected text after the closing quote (start a comment with ' #')"));
                    continue;
                }
            } else {
                int comment = rest.startsWith("#") ? 0 : indexOfComment(rest);
                value = (comment < 0 ? rest : rest.substring(0, comment)).strip();
            }
            Entry first = entries.get(name);
            if (first != null) {
                problems.add(new ConfigProblem(file.where(lineNumber), name,
                        "defined twice (first at line " + first.line() + ")"));
                continue;
            }
            entries.put(name, new Entry(value, lineNumber));
        }
        return file;
    }

    private static int closingDoubleQuote(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '"') return i;
        }
        return -1;
    }

    private static int indexOfComment(String s) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) == '#' && Character.isWhitespace(s.charAt(i - 1))) return i;
        }
        return -1;
    }

    private static boolean onlyComment(String s) {
        String t = s.strip();
        return t.isEmpty() || t.startsWith("#");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '"', '\\', '$' -> out.append(next);
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }
}
