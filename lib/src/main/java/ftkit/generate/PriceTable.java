package ftkit.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Prices per million tokens, kept as data: the bundled {@code ftkit/generate/prices.yaml} (user-editable examples
 * with their source and date) or a user's file with the same layout.
 */
public final class PriceTable {
    public static final String BUNDLED = "/ftkit/generate/prices.yaml";

    /** Dollars per million input and output tokens. */
    public record Price(String match, double inputPerMillion, double outputPerMillion) {
        public double cost(long inputTokens, long outputTokens) {
            return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000.0;
        }
    }

    private record Rule(Pattern model, String provider, Price price) {
    }

    private final List<Rule> rules;
    private final String source;

    private PriceTable(List<Rule> rules, String source) {
        this.rules = rules;
        this.source = source;
    }

    public static PriceTable bundled() {
        try (InputStream in = PriceTable.class.getResourceAsStream(BUNDLED)) {
            if (in == null) throw new IllegalStateException(BUNDLED + " missing from the classpath");
            return parse(BUNDLED, new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BUNDLED + ": " + e.getMessage(), e);
        }
    }

    public static PriceTable load(Path file) throws IOException {
        return parse(file.toString(), new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file)));
    }

    private static PriceTable parse(String where, JsonNode root) throws IOException {
        if (root == null || !root.path("models").isArray()) throw new IOException(where + ": needs a 'models' list");
        List<Rule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode m : root.get("models")) {
            String match = m.path("match").asText(null);
            if (match == null || !m.path("input").isNumber() || !m.path("output").isNumber()) {
                throw new IOException(where + ": models[" + i + "] needs match, input and output (dollars per million tokens)");
            }
            String regex = Pattern.quote(match.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
            rules.add(new Rule(Pattern.compile(regex), m.path("provider").asText(null),
                    new Price(match, m.get("input").asDouble(), m.get("output").asDouble())));
            i++;
        }
        return new PriceTable(rules, root.path("source").asText(where));
    }

    public String source() {
        return source;
    }

    /** The first entry matching the model (and provider, when the entry names one). */
    public Optional<Price> price(LlmProvider provider, String model) {
        String name = model.toLowerCase(Locale.ROOT);
        for (Rule r : rules) {
            if (r.provider() != null && !r.provider().equalsIgnoreCase(provider.configName())) continue;
            if (r.model().matcher(name).matches()) return Optional.of(r.price());
        }
        return Optional.empty();
    }
}
