package ftkit.providers;

import java.util.List;
import java.util.Locale;

/**
 * One fine-tuning target: a model on a route (the platform that trains it), with its record format,
 * tokenizer and limits. Null limits mean "not stated by the source", never "unlimited" in a promise.
 */
public record Target(
        String id,
        String provider,
        String route,
        String model,
        List<String> aliases,
        String format,
        String tokenizer,
        String tokenizerNote,
        Long maxTokensPerExample,
        String limitNote,
        String overLimit,
        Long minExamples,
        Long recommendedMinExamples,
        Long maxExamples,
        Long maxValidationExamples,
        String validationRule,
        Long minTotalExamples,
        Long maxTotalExamples,
        Long maxFileBytes,
        Long maxValidationFileBytes,
        String status,
        String statusNote,
        String source,
        String checked) {

    public List<String> aliases() {
        return aliases == null ? List.of() : aliases;
    }

    public boolean matchesModel(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (model.equalsIgnoreCase(n) || id.equalsIgnoreCase(n)) return true;
        String shortId = id.substring(id.indexOf('/') + 1);
        if (shortId.equalsIgnoreCase(n)) return true;
        for (String a : aliases()) if (a.equalsIgnoreCase(n)) return true;
        return false;
    }

    public boolean isActive() {
        return status == null || "active".equals(status);
    }

    /** True when the tokenizer is a stand-in and counts are estimates. */
    public boolean tokenCountIsEstimate() {
        return tokenizer != null && tokenizer.startsWith("estimate:");
    }

    /** Over-limit examples are rejected by the target unless it documents truncation. */
    public boolean truncatesOverLimit() {
        return "truncated".equals(overLimit);
    }
}
