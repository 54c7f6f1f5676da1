package ftkit.menu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Questions on a terminal: numbered choices, numbers in a range, yes/no and free text, each answer checked and
 * asked again with the reason when it is wrong; an empty answer takes the default shown in brackets. Messages
 * are coloured (green success, yellow warning, red error) only when colour is wanted.
 */
public final class Prompter {
    /** The user closed the input (Ctrl-D): the menu ends. */
    public static final class InputClosed extends Exception {
        InputClosed() {
            super("input closed");
        }
    }

    /** One numbered choice: what is stored and what is shown. */
    public record Choice<T>(T value, String label) {
    }

    static final String RESET = "\u001b[0m";
    static final String GREEN = "\u001b[32m";
    static final String YELLOW = "\u001b[33m";
    static final String RED = "\u001b[31m";
    static final String BOLD = "\u001b[1m";
    static final String CYAN = "\u001b[36m";

    private final BufferedReader in;
    private final PrintStream out;
    private final boolean colour;

    public Prompter(BufferedReader in, PrintStream out, boolean colour) {
        this.in = in;
        this.out = out;
        this.colour = colour;
    }

    public PrintStream out() {
        return out;
    }

    public boolean colour() {
        return colour;
    }

    String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }

    public void title(String text) {
        out.println(paint(BOLD + CYAN, text));
    }

    public void success(String text) {
        out.println(paint(GREEN, "✔ " + text));
    }

    public void warning(String text) {
        out.println(paint(YELLOW, "! " + text));
    }

    public void error(String text) {
        out.println(paint(RED, "✘ " + text));
    }

    public void info(String text) {
        out.println(text);
    }

    private String ask(String question) throws InputClosed {
        out.print(paint(BOLD, question) + " ");
        out.flush();
        try {
            String line = in.readLine();
            if (line == null) throw new InputClosed();
            return line.strip();
        } catch (IOException e) {
            throw new InputClosed();
        }
    }

    /**
     * Asks until {@code parse} accepts the answer: it returns the value, or empty with the reason already
     * printed by {@code reject}.
     */
    public <T> T askUntilValid(String question, String defaultText, Function<String, Result<T>> parse) throws InputClosed {
        while (true) {
            String answer = ask(question + (defaultText == null ? ":" : " [" + defaultText + "]:"));
            if (answer.isEmpty() && defaultText != null) answer = defaultText;
            if (answer.isEmpty()) {
                error("an answer is needed");
                continue;
            }
            Result<T> result = parse.apply(answer);
            if (result.value().isPresent()) return result.value().get();
            error(result.problem());
        }
    }

    /** A parsed answer or why it was refused. */
    public record Result<T>(Optional<T> value, String problem) {
        public static <T> Result<T> ok(T value) {
            return new Result<>(Optional.of(value), null);
        }

        public static <T> Result<T> refused(String problem) {
            return new Result<>(Optional.empty(), problem);
        }
    }

    /** Numbered list 1..n; the answer is a number (or the label typed out). */
    public <T> T choose(String question, List<Choice<T>> choices, Integer defaultIndex) throws InputClosed {
        for (int i = 0; i < choices.size(); i++) out.printf(Locale.ROOT, "  %d. %s%n", i + 1, choices.get(i).label());
        String defaultText = defaultIndex == null ? null : Integer.toString(defaultIndex + 1);
        return askUntilValid(question + " (1-" + choices.size() + ")", defaultText, answer -> {
            try {
                int n = Integer.parseInt(answer);
                if (n >= 1 && n <= choices.size()) return Result.ok(choices.get(n - 1).value());
            } catch (NumberFormatException e) {
                for (Choice<T> c : choices) {
                    if (String.valueOf(c.value()).equalsIgnoreCase(answer)) return Result.ok(c.value());
                }
            }
            return Result.refused("'" + answer + "' is not a choice; type a number from 1 to " + choices.size());
        });
    }

    public long askWhole(String question, long min, long max, Long defaultValue) throws InputClosed {
        return askUntilValid(question + " (" + min + "-" + max + ")", defaultValue == null ? null : defaultValue.toString(), answer -> {
            try {
                long n = Long.parseLong(answer.replace("_", "").replace(",", ""));
                if (n >= min && n <= max) return Result.ok(n);
                return Result.refused(n + " is out of range; type a whole number from " + min + " to " + max);
            } catch (NumberFormatException e) {
                return Result.refused("'" + answer + "' is not a whole number");
            }
        });
    }

    /** A decimal strictly between {@code min} and {@code max}; "80%" is read as 0.8. */
    public double askFraction(String question, double min, double max, double defaultValue) throws InputClosed {
        String range = String.format(Locale.ROOT, "(between %s and %s)", strip(min), strip(max));
        return askUntilValid(question + " " + range, strip(defaultValue), answer -> {
            try {
                double v = answer.endsWith("%") ? Double.parseDouble(answer.substring(0, answer.length() - 1)) / 100
                        : Double.parseDouble(answer);
                if (v > min && v < max) return Result.ok(v);
                return Result.refused(answer + " is out of range; type a number " + range);
            } catch (NumberFormatException e) {
                return Result.refused("'" + answer + "' is not a number");
            }
        });
    }

    public boolean askYesNo(String question, boolean defaultValue) throws InputClosed {
        return askUntilValid(question + " (y/n)", defaultValue ? "y" : "n", answer -> switch (answer.toLowerCase(Locale.ROOT)) {
            case "y", "yes" -> Result.ok(true);
            case "n", "no" -> Result.ok(false);
            default -> Result.refused("answer y or n");
        });
    }

    public String askText(String question, String defaultValue, Function<String, String> problemOf) throws InputClosed {
        return askUntilValid(question, defaultValue, answer -> {
            String problem = problemOf.apply(answer);
            return problem == null ? Result.ok(answer) : Result.refused(problem);
        });
    }

    public void pause() throws InputClosed {
        ask("Press Enter to go back to the menu");
    }

    static String strip(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.replaceFirst("0+$", "").replaceFirst("\\.$", "");
    }
}
