package ftkit.split;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The brief's questions, asked on a terminal when split runs without flags: which file, split or not, show the
 * distribution, which ratio, which strategy, where to write. Every answer is validated and asked again (at most
 * five times); an empty answer takes the default in brackets. End of input aborts with the usage exit code.
 */
public final class InteractiveSplit {
    private static final int ATTEMPTS = 5;
    private final BufferedReader in;
    private final PrintStream out;
    private final Integer maxValidation;

    /** Thrown when the user closes the input or keeps answering nonsense. */
    static final class Aborted extends Exception {
        Aborted(String message) {
            super(message);
        }
    }

    public InteractiveSplit(BufferedReader in, PrintStream out, Integer maxValidation) {
        this.in = in;
        this.out = out;
        this.maxValidation = maxValidation;
    }

    /** Runs the dialogue and the split; returns an exit code (0 done or declined, 1 failure, 2 aborted, 3 rejects). */
    public int run(Path input) {
        try {
            Path file = input != null ? input : askFile();
            out.println("Reading " + file + " …");
            SplitAnalysis analysis = SplitAnalysis.scan(file, true, SplitOptions.DEFAULT_NEAR_DUPLICATE_THRESHOLD);
            out.printf(Locale.ROOT, "%,d samples, %,d leakage groups (duplicates, near-duplicates, shared chunks) holding %,d of them.%n",
                    analysis.samples(), analysis.groups().keptTogetherGroups(), analysis.groups().samplesInKeptTogetherGroups());
            if (analysis.samples() < 2) {
                out.println("Fewer than two samples: nothing to split.");
                return analysis.rejected() > 0 ? 3 : 0;
            }
            if (!askYesNo("Split into train and validation sets?", true)) {
                out.println("Not split; " + file + " is unchanged.");
                return 0;
            }
            if (askYesNo("Show the current distribution (by source and by keyword)?", true)) {
                out.print(SplitReport.describeBefore(analysis, 25));
            }
            Ratio ratio = askRatio();
            SplitOptions options = SplitOptions.of(ratio).withMaxValidation(maxValidation);
            switch (askChoice("Distribution strategy: 1) random  2) weighted by source file  3) weighted by keywords", 3, 1)) {
                case 2 -> options = options.weighted(SplitOptions.WeightBy.SOURCE);
                case 3 -> options = options.weighted(SplitOptions.WeightBy.KEYWORDS);
                default -> options = options.random();
            }
            if (!analysis.existingCounts().isEmpty()
                    && askYesNo("Some records already carry a split (" + analysis.existingCounts() + "). Keep those?", true)) {
                options = options.respectingExisting(true);
            }
            Path parent = file.toAbsolutePath().getParent();
            Path dir = askDirectory(parent);
            String name = file.getFileName().toString().replaceFirst("\\.jsonl?$", "");
            Splitter.Outputs outputs = Splitter.Outputs.inDirectory(dir, name, ratio.test() > 0);
            SplitAssignment assignment = SplitAssignment.assign(analysis, options);
            SplitReport report = Splitter.write(analysis, assignment, options, outputs);
            out.print(report.toText(25));
            out.println("Wrote " + outputs.train() + " and " + outputs.validation() + (outputs.test() == null ? "" : " and " + outputs.test())
                    + (report.rejected() > 0 ? "; unreadable lines in " + outputs.rejects() : ""));
            return report.rejected() > 0 ? 3 : 0;
        } catch (Aborted e) {
            out.println(e.getMessage());
            return 2;
        } catch (SplitException e) {
            out.println("split: " + e.getMessage());
            return e.usage() ? 2 : 1;
        } catch (IOException e) {
            out.println("split: " + e.getMessage());
            return 1;
        }
    }

    private String ask(String question) throws IOException, Aborted {
        out.print(question + " ");
        out.flush();
        String line = in.readLine();
        if (line == null) throw new Aborted("\nInput closed: nothing was written.");
        return line.trim();
    }

    private Path askFile() throws IOException, Aborted {
        for (int i = 0; i < ATTEMPTS; i++) {
            String answer = ask("Dataset file (JSONL):");
            if (answer.isEmpty()) continue;
            Path p = Path.of(answer);
            if (Files.isRegularFile(p)) return p;
            out.println("  " + answer + ": no such file");
        }
        throw new Aborted("No readable file given.");
    }

    boolean askYesNo(String question, boolean dflt) throws IOException, Aborted {
        for (int i = 0; i < ATTEMPTS; i++) {
            String a = ask(question + (dflt ? " [Y/n]" : " [y/N]")).toLowerCase(Locale.ROOT);
            if (a.isEmpty()) return dflt;
            if (a.equals("y") || a.equals("yes")) return true;
            if (a.equals("n") || a.equals("no")) return false;
            out.println("  please answer y or n");
        }
        throw new Aborted("No valid answer.");
    }

    private int askChoice(String question, int options, int dflt) throws IOException, Aborted {
        for (int i = 0; i < ATTEMPTS; i++) {
            String a = ask(question + " [" + dflt + "]");
            if (a.isEmpty()) return dflt;
            try {
                int v = Integer.parseInt(a);
                if (v >= 1 && v <= options) return v;
            } catch (NumberFormatException ignored) {
                // asked again below
            }
            out.println("  please answer a number from 1 to " + options);
        }
        throw new Aborted("No valid answer.");
    }

    private Ratio askRatio() throws IOException, Aborted {
        int choice = askChoice("Train/validation ratio: 1) 90/10  2) 80/20  3) 70/30  4) custom", 4, 2);
        if (choice < 4) return Ratio.parse(new String[]{"90/10", "80/20", "70/30"}[choice - 1]);
        for (int i = 0; i < ATTEMPTS; i++) {
            String a = ask("Custom ratio (train/validation, or train/validation/test, e.g. 85/15 or 80/10/10):");
            try {
                return Ratio.parse(a);
            } catch (IllegalArgumentException e) {
                out.println("  " + e.getMessage());
            }
        }
        throw new Aborted("No valid ratio.");
    }

    private Path askDirectory(Path dflt) throws IOException, Aborted {
        String a = ask("Output folder [" + dflt + "]:");
        return a.isEmpty() ? dflt : Path.of(a);
    }
}
