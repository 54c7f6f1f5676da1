package ftkit.split;

import java.util.Locale;

/**
 * Shares of train, validation and test, summing to 1. Written as the brief does: "90/10", "80/20", "70/30",
 * any "85/15", a three-way "80/10/10", or one fraction/percentage for train ("0.8", "80").
 */
public record Ratio(double train, double validation, double test) {
    public Ratio {
        if (train <= 0 || validation < 0 || test < 0) throw new IllegalArgumentException("shares must be positive");
        if (Math.abs(train + validation + test - 1.0) > 1e-9) throw new IllegalArgumentException("shares must sum to 1");
    }

    public static Ratio parse(String text) {
        String s = text.trim().replace(':', '/').replace('-', '/');
        String[] parts = s.split("/");
        try {
            double[] v = new double[parts.length];
            double sum = 0;
            for (int i = 0; i < parts.length; i++) {
                v[i] = Double.parseDouble(parts[i].trim().replace("%", ""));
                if (v[i] < 0) throw new IllegalArgumentException("negative share");
                sum += v[i];
            }
            if (parts.length == 1) {
                double train = v[0] > 1 ? v[0] / 100 : v[0];
                if (train <= 0 || train >= 1) throw new IllegalArgumentException("train share must be between 0 and 1 (or 0 and 100)");
                return new Ratio(train, 1 - train, 0);
            }
            if (parts.length > 3) throw new IllegalArgumentException("at most three shares: train/validation/test");
            if (sum <= 0) throw new IllegalArgumentException("shares sum to 0");
            double train = v[0] / sum;
            double validation = v[1] / sum;
            if (validation <= 0) throw new IllegalArgumentException("the validation share must be above 0");
            // The last share absorbs rounding so the three sum to exactly 1.
            if (parts.length == 2) return new Ratio(train, 1 - train, 0);
            return new Ratio(train, validation, Math.max(0, 1 - train - validation));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a ratio: write 90/10, 80/20, 70/30, 85/15, 80/10/10 or 0.8");
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("'")) throw e;
            throw new IllegalArgumentException("'" + text + "' is not a usable ratio: " + e.getMessage());
        }
    }

    public double share(Side side) {
        return switch (side) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    /** "80/20" or "80/10/10" (rounded percentages). */
    @Override
    public String toString() {
        String v = pct(train) + "/" + pct(validation);
        return test > 0 ? v + "/" + pct(test) : v;
    }

    private static String pct(double x) {
        double p = x * 100;
        return Math.abs(p - Math.rint(p)) < 1e-9 ? String.valueOf((long) Math.rint(p)) : String.format(Locale.ROOT, "%.1f", p);
    }
}
