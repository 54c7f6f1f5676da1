package ftkit.export;

import ftkit.providers.Target;
import ftkit.validate.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The target's dataset-level rules applied to what export wrote: example counts, validation-set caps, status. */
final class DatasetLimits {
    private DatasetLimits() {
    }

    static List<Finding> check(Target t, long train, long validation, long test) {
        List<Finding> out = new ArrayList<>();
        if (train == 0) out.add(Finding.error("no_training_examples", "no training example was exported"));
        if (t.minExamples() != null && train < t.minExamples()) {
            out.add(Finding.error("too_few_examples", train + " training examples; " + t.id() + " needs at least " + t.minExamples()));
        }
        if (t.maxExamples() != null && train > t.maxExamples()) {
            out.add(Finding.error("too_many_examples", train + " training examples; " + t.id() + " accepts at most " + t.maxExamples()));
        }
        if (t.recommendedMinExamples() != null && train < t.recommendedMinExamples()) {
            out.add(Finding.warning("few_examples", train + " training examples; the provider recommends starting with " + t.recommendedMinExamples()));
        }
        if (t.maxValidationExamples() != null && validation > t.maxValidationExamples()) {
            out.add(Finding.error("too_many_validation_examples", validation + " validation examples; " + t.id()
                    + " accepts at most " + t.maxValidationExamples() + " (split with --target to respect it)"));
        }
        if (t.validationRule() != null && t.validationRule().contains("30%") && validation > 1000 && validation > 0.3 * train) {
            out.add(Finding.error("too_many_validation_examples", validation + " validation examples is more than 30% of " + train
                    + " training examples (" + t.validationRule() + ")"));
        }
        long total = train + validation;
        if (t.minTotalExamples() != null && total < t.minTotalExamples()) {
            out.add(Finding.error("too_few_examples", total + " training and validation examples; " + t.id() + " needs at least " + t.minTotalExamples()));
        }
        if (t.maxTotalExamples() != null && total > t.maxTotalExamples()) {
            out.add(Finding.error("too_many_examples", total + " training and validation examples; " + t.id() + " accepts at most " + t.maxTotalExamples()));
        }
        if (test > 0) {
            out.add(Finding.warning("test_split_kept", String.format(Locale.ROOT,
                    "%d test examples are in their own file; fine-tuning services take only training and validation files, so keep it for your own evaluation", test)));
        }
        if (!t.isActive()) {
            out.add(Finding.warning("target_" + t.status(), t.id() + " is " + t.status() + (t.statusNote() == null ? "" : ": " + t.statusNote())));
        }
        return out;
    }
}
