package ftkit.templates;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The run's banner and summary, in the shape of the source document's (for stderr). */
public final class Summary {
    private static final String RULE = "=".repeat(60);

    private Summary() {
    }

    public static void header(PrintStream out, List<Path> inputs, TemplatedDataGenerator.Options options, TemplateSet template) {
        out.println(RULE);
        out.println("TEMPLATED FINE-TUNING DATA GENERATION");
        out.println(RULE);
        out.println("Input: " + String.join(", ", inputs.stream().map(Path::toString).toList()));
        out.println("Output directory: " + options.outputDir());
        out.println("Include test split: " + options.includeTest());
        out.println("Simple only: " + options.simpleOnly());
        out.println("Template: " + template.file() + " (" + template.name()
                + (template.version() == null ? "" : " v" + template.version()) + ", sha256 " + template.shortHash() + ")");
        out.println("Strategies: " + (options.simpleOnly() ? template.simple().name()
                : options.strategies().isEmpty() ? String.join(", ", template.strategies().keySet()) + " (all)"
                : template.simple().name() + ", " + String.join(", ", options.strategies())));
        out.println(RULE);
        out.println();
    }

    public static void print(PrintStream out, TemplatedDataGenerator.Result result) {
        out.println();
        out.println(RULE);
        out.println("GENERATION COMPLETE");
        out.println(RULE);
        for (String strategy : result.strategies()) {
            out.println();
            out.println(strategy.toUpperCase(Locale.ROOT) + " format:");
            boolean any = false;
            for (TemplatedDataGenerator.OutputFile f : result.files()) {
                if (!f.strategy().equals(strategy)) continue;
                out.println("  \u2713 " + f.path() + " (" + f.samples() + " samples)");
                any = true;
            }
            if (!any) out.println("  (no files: no records were selected)");
        }
        out.println();
        out.println("Inputs:");
        for (TemplatedDataGenerator.InputStats s : result.inputs()) {
            String split = s.input.split() == null ? "mixed" : s.input.split();
            if (s.skippedFile) {
                out.println("  " + s.input.path() + " (" + split + "): skipped, pass --include-test");
                continue;
            }
            StringBuilder line = new StringBuilder("  " + s.input.path() + " (" + split + "): " + s.read + " records, "
                    + s.written + " written");
            if (s.otherSplit > 0) line.append(", ").append(s.otherSplit).append(" of other splits skipped");
            if (s.skippedTest > 0) line.append(", ").append(s.skippedTest).append(" test skipped");
            if (s.rejected > 0) line.append(", ").append(s.rejected).append(" rejected");
            if (s.fellBackToAll) line.append(" (no record had this split: used all)");
            out.println(line);
        }
        out.println();
        out.println(RULE);
        if (result.rejected() > 0) {
            out.println("[PARTIAL] " + result.rejected() + " records rejected, with reasons, in " + result.rejectsFile());
        } else {
            out.println("[SUCCESS] Fine-tuning data generation complete");
        }
        if (!result.files().isEmpty()) out.println("Output directory: " + result.files().get(0).path().getParent());
        out.println(RULE);
    }
}
