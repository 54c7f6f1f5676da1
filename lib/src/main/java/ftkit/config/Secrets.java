package ftkit.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of output. A variable is secret when its name ends in {@code _KEY}, {@code _TOKEN} or
 * {@code _SECRET} or contains {@code PASSWORD}; its value is never shown, not even in part. Other values are
 * shown with any password inside them masked (a URL's {@code user:password@}, {@code password=…} parameters),
 * which covers database URLs such as {@code FTKIT_DATABASE_URL}.
 */
public final class Secrets {
    public static final String MASK = "********";

    /** The variables a user may set for providers and storage; describe() lists them set or not. */
    public static final List<String> KNOWN = List.of(
            "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "MISTRAL_API_KEY", "LLAMA_API_KEY",
            "FTKIT_DATABASE_URL");

    private static final Pattern URL_PASSWORD =
            Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\\s:]*:)([^@/?#\\s]+)(@)");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;\\s])(?:password|passwd|pwd|token|access_token|api_key|apikey)\\s*=\\s*)([^&;\\s]+)");

    private Secrets() {
    }

    public static boolean isSecretName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.endsWith("_KEY") || upper.endsWith("_TOKEN") || upper.endsWith("_SECRET")
                || upper.contains("PASSWORD") || upper.equals("KEY") || upper.equals("TOKEN") || upper.equals("SECRET");
    }

    /** How a variable may be shown: "(unset)", the mask for a secret name, or the value with passwords masked. */
    public static String redact(String name, String value) {
        if (value == null) return "(unset)";
        if (isSecretName(name)) return value.isEmpty() ? "(empty)" : MASK;
        return redactValue(value);
    }

    /** Masks passwords embedded in a value (URL user info, password/token/key parameters). */
    public static String redactValue(String value) {
        if (value == null) return null;
        String masked = URL_PASSWORD.matcher(value).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /**
     * Every secret value in an environment (values of secret-named variables and passwords inside URLs), to scrub
     * from messages that might echo them, such as a provider's error body. Very short values are left out: masking
     * every "1" in a log would hide more than it protects.
     */
    public static Set<String> values(Map<String, String> env) {
        Set<String> secrets = new LinkedHashSet<>();
        env.forEach((name, value) -> {
            if (value == null) return;
            if (isSecretName(name) && value.strip().length() >= 6) secrets.add(value.strip());
            Matcher url = URL_PASSWORD.matcher(value);
            while (url.find()) if (url.group(2).length() >= 4) secrets.add(url.group(2));
            Matcher parameter = PASSWORD_PARAMETER.matcher(value);
            while (parameter.find()) if (parameter.group(2).length() >= 4) secrets.add(parameter.group(2));
        });
        return secrets;
    }

    /** Replaces every occurrence of the given secret values in a text with the mask, longest first. */
    public static String scrub(String text, Collection<String> secretValues) {
        if (text == null || secretValues.isEmpty()) return text;
        List<String> longestFirst = secretValues.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        String out = text;
        for (String secret : longestFirst) {
            if (!secret.isEmpty()) out = out.replace(secret, MASK);
        }
        return redactValue(out);
    }
}
