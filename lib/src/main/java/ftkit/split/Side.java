package ftkit.split;

import java.util.Locale;

/** The three sides of a split, in the order reports list them. */
public enum Side {
    TRAIN("train"),
    VALIDATION("validation"),
    TEST("test");

    private final String id;

    Side(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** A record's own split value: train/training, validation/valid/val/dev/eval, test/testing; null otherwise. */
    public static Side parse(String value) {
        if (value == null) return null;
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "train", "training" -> TRAIN;
            case "validation", "valid", "val", "dev", "eval", "evaluation" -> VALIDATION;
            case "test", "testing" -> TEST;
            default -> null;
        };
    }
}
