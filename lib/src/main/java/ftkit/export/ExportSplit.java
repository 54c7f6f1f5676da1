package ftkit.export;

import java.util.Locale;

/** The three files a target gets; a sample's {@code metadata.split} (or its input's role) picks one. */
public enum ExportSplit {
    TRAIN("train"), VALIDATION("validation"), TEST("test");

    private final String id;

    ExportSplit(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Reads a split name as datasets spell it; null (no split yet) means train. Returns null for an unknown name. */
    public static ExportSplit parse(String name) {
        if (name == null || name.isBlank()) return TRAIN;
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "train", "training" -> TRAIN;
            case "validation", "valid", "val", "eval", "dev" -> VALIDATION;
            case "test", "testing" -> TEST;
            default -> null;
        };
    }
}
