package ftkit.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The type and allowed values of one setting. Every source (flag, environment variable, YAML scalar) arrives as
 * text and is parsed by the same code, so a value means the same wherever it is written.
 */
public abstract class ValueKind {
    /** Why a text is not an allowed value; the message reads after "key: " (e.g. "must be at least 1, got 0"). */
    public static final class InvalidValue extends Exception {
        public InvalidValue(String message) {
            super(message);
        }
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern FILE_STEM = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

    /** Parses trimmed, non-null text into the setting's Java value. */
    public abstract Object parse(String text) throws InvalidValue;

    /** Short type name for documentation: string, integer, number, boolean, one of, URL. */
    public abstract String typeName();

    /** Allowed values in words, for documentation and messages. */
    public abstract String allowed();

    /** Whether "no value" (YAML null, empty flag) is allowed and means "unset". */
    public boolean optional() {
        return false;
    }

    /** The value as a user would write it in config.yaml or an environment variable. */
    public String format(Object value) {
        if (value == null) return "";
        if (value instanceof Config.Choice c) return c.id();
        return String.valueOf(value);
    }

    static String quote(String text) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return '"' + shown + '"';
    }

    static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    // ---- kinds ----

    public static <E extends Enum<E> & Config.Choice> ValueKind choice(Class<E> type) {
        return new ChoiceKind<>(type);
    }

    public static ValueKind integer(long min, long max) {
        return new IntegerKind(min, max, max <= Integer.MAX_VALUE && min >= Integer.MIN_VALUE);
    }

    public static ValueKind longInteger() {
        return new IntegerKind(Long.MIN_VALUE, Long.MAX_VALUE, false);
    }

    /** A finite decimal number in a range; each end open or closed. */
    public static ValueKind decimal(double min, boolean minInclusive, double max, boolean maxInclusive) {
        return new DecimalKind(min, minInclusive, max, maxInclusive);
    }

    public static ValueKind bool() {
        return new BooleanKind();
    }

    /** Any non-blank text. */
    public static ValueKind text() {
        return new TextKind();
    }

    /** A name safe to use as the stem of an output file on every OS. */
    public static ValueKind fileStem() {
        return new FileStemKind();
    }

    /** A duration written as a positive number of seconds (decimals allowed). */
    public static ValueKind seconds() {
        return new SecondsKind();
    }

    /** An optional absolute http(s) URL. */
    public static ValueKind optionalHttpUrl() {
        return new UrlKind();
    }

    private static final class ChoiceKind<E extends Enum<E> & Config.Choice> extends ValueKind {
        private final E[] values;

        ChoiceKind(Class<E> type) {
            this.values = type.getEnumConstants();
        }

        @Override
        public Object parse(String text) throws InvalidValue {
            for (E e : values) {
                if (e.id().equalsIgnoreCase(text)) return e;
            }
            String hint = DidYouMean.best(text.toLowerCase(Locale.ROOT),
                    Arrays.stream(values).map(Config.Choice::id).toList())
                    .map(s -> " (did you mean " + s + "?)").orElse("");
            throw new InvalidValue("must be one of " + allowed() + ", got " + quote(text) + hint);
        }

        @Override
        public String typeName() {
            return "one of";
        }

        @Override
        public String allowed() {
            return Arrays.stream(values).map(Config.Choice::id).collect(Collectors.joining(", "));
        }
    }

    private static final class IntegerKind extends ValueKind {
        private final long min;
        private final long max;
        private final boolean asInt;

        IntegerKind(long min, long max, boolean asInt) {
            this.min = min;
            this.max = max;
            this.asInt = asInt;
        }

        @Override
        public Object parse(String text) throws InvalidValue {
            if (!INTEGER.matcher(text).matches()) {
                throw new InvalidValue("must be a whole number, got " + quote(text));
            }
            long v;
            try {
                v = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            } catch (NumberFormatException e) {
                throw new InvalidValue("is too large, got " + quote(text));
            }
            if (v < min) throw new InvalidValue("must be at least " + min + ", got " + v);
            if (v > max) throw new InvalidValue("must be at most " + max + ", got " + v);
            return asInt ? (Object) (int) v : (Object) v;
        }

        @Override
        public String typeName() {
            return "integer";
        }

        @Override
        public String allowed() {
            if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) return "any";
            if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) return ">= " + min;
            return min + " to " + max;
        }
    }

    private static final class DecimalKind extends ValueKind {
        private final double min;
        private final boolean minInclusive;
        private final double max;
        private final boolean maxInclusive;

        DecimalKind(double min, boolean minInclusive, double max, boolean maxInclusive) {
            this.min = min;
            this.minInclusive = minInclusive;
            this.max = max;
            this.maxInclusive = maxInclusive;
        }

        @Override
        public Object parse(String text) throws InvalidValue {
            if (!DECIMAL.matcher(text).matches()) throw new InvalidValue("must be a number, got " + quote(text));
            double v = Double.parseDouble(text);
            boolean aboveMin = minInclusive ? v >= min : v > min;
            boolean belowMax = maxInclusive ? v <= max : v < max;
            if (!Double.isFinite(v) || !aboveMin || !belowMax) {
                throw new InvalidValue("must be " + allowed() + ", got " + text);
            }
            return v;
        }

        @Override
        public String typeName() {
            return "number";
        }

        @Override
        public String allowed() {
            String range = "between " + number(min) + " and " + number(max);
            if (minInclusive && maxInclusive) return range + " (inclusive)";
            if (!minInclusive && !maxInclusive) return range + " (exclusive)";
            return range + (minInclusive ? " (" + number(max) + " excluded)" : " (" + number(min) + " excluded)");
        }

        @Override
        public String format(Object value) {
            return value == null ? "" : number((Double) value);
        }
    }

    private static final class BooleanKind extends ValueKind {
        @Override
        public Object parse(String text) throws InvalidValue {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1":
                    return true;
                case "false", "no", "off", "0":
                    return false;
                default:
                    throw new InvalidValue("must be true or false, got " + quote(text));
            }
        }

        @Override
        public String typeName() {
            return "boolean";
        }

        @Override
        public String allowed() {
            return "true, false";
        }
    }

    private static class TextKind extends ValueKind {
        @Override
        public Object parse(String text) throws InvalidValue {
            if (text.isBlank()) throw new InvalidValue("must not be empty");
            return text;
        }

        @Override
        public String typeName() {
            return "string";
        }

        @Override
        public String allowed() {
            return "non-empty text";
        }
    }

    private static final class FileStemKind extends TextKind {
        @Override
        public Object parse(String text) throws InvalidValue {
            if (!FILE_STEM.matcher(text).matches() || text.contains("..")) {
                throw new InvalidValue("must be " + allowed() + ", got " + quote(text));
            }
            return text;
        }

        @Override
        public String allowed() {
            return "a file-name stem: letters, digits, '_', '-', '.' (not first, no '..'), at most 100 characters";
        }
    }

    private static final class SecondsKind extends ValueKind {
        private final DecimalKind positive = new DecimalKind(0, false, 86_400, true);

        @Override
        public Object parse(String text) throws InvalidValue {
            if (!DECIMAL.matcher(text).matches()) {
                throw new InvalidValue("must be a number of seconds, got " + quote(text));
            }
            double seconds;
            try {
                seconds = (Double) positive.parse(text);
            } catch (InvalidValue e) {
                throw new InvalidValue("must be " + allowed() + ", got " + text);
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        }

        @Override
        public String typeName() {
            return "seconds";
        }

        @Override
        public String allowed() {
            return "> 0 and at most 86400";
        }

        @Override
        public String format(Object value) {
            if (value == null) return "";
            Duration d = (Duration) value;
            return number(d.toNanos() / 1e9);
        }
    }

    private static final class UrlKind extends ValueKind {
        @Override
        public Object parse(String text) throws InvalidValue {
            String shown = quote(Secrets.redactValue(text));
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new InvalidValue("must be an http:// or https:// URL, got " + shown);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidValue("must be an http:// or https:// URL with a host, got " + shown);
            }
            return uri;
        }

        @Override
        public boolean optional() {
            return true;
        }

        @Override
        public String typeName() {
            return "URL";
        }

        @Override
        public String allowed() {
            return "http:// or https:// URL, or empty";
        }

        @Override
        public String format(Object value) {
            return value == null ? "" : Secrets.redactValue(value.toString());
        }
    }
}
