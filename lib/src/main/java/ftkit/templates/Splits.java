package ftkit.templates;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The three split names the outputs use, and how record values and file names map onto them. */
public final class Splits {
    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";
    public static final List<String> ALL = List.of(TRAIN, VALIDATION, TEST);

    private Splits() {
    }

    /**
     * A record's split value as one of {@link #ALL}, or null if it is none of them. Accepted: train/training,
     * val/valid/validation/dev/eval, test/testing (any case).
     */
    public static String normalize(String value) {
        if (value == null) return null;
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "train", "training" -> TRAIN;
            case "val", "valid", "validation", "dev", "eval" -> VALIDATION;
            case "test", "testing" -> TEST;
            default -> null;
        };
    }

    /**
     * The split a file holds, judged by the words of its name ({@code unified_train.json}, {@code tickets-val.csv},
     * {@code test.jsonl}); null when the name names no split or more than one (a mixed file, routed per record).
     * Words rather than substrings, so {@code latest.jsonl} is not a test file.
     */
    public static String fromFileName(Path file) {
        String stem = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.[a-z0-9]+$", "");
        Set<String> found = new LinkedHashSet<>();
        for (String word : stem.split("[^a-z]+")) {
            String split = normalize(word);
            if (split != null) found.add(split);
        }
        return found.size() == 1 ? found.iterator().next() : null;
    }

    /** The value the source document's messages use for a split ("val" for validation, as in its files). */
    public static String shortName(String split) {
        return VALIDATION.equals(split) ? "val" : split;
    }
}
