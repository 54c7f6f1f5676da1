///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION templates: turn labelled records (JSONL, JSON array, CSV) into chat fine-tuning samples through prompt templates, one file set per strategy, keeping the original splits
//JAVA 17+
//SOURCES ../lib/core.java

import ftkit.templates.LabelledRecords;
import ftkit.templates.Splits;
import ftkit.templates.Summary;
import ftkit.templates.TemplateSet;
import ftkit.templates.TemplatedDataGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "templates", mixinStandardHelpOptions = true, version = "templates 0.1.0",
        description = {
                "Turn labelled records into chat fine-tuning samples through prompt templates, keeping the original splits.",
                "",
                "Each input file's split comes from its name (*train*, *val*, *test*) or from --train/--validation/--test;"
                        + " its records are filtered by their split field (if none matches, a warning is printed and all are used)."
                        + " A file naming no split is mixed: every record goes to the split its field names.",
                "Writes, per strategy, train / validation (/ test) files of canonical sample JSONL into the output folder"
                        + " (train.jsonl for the simple strategy, train_<strategy>.jsonl for the others) and rejects.jsonl for"
                        + " records that could not be read or rendered (file:line and reason). The summary goes to stderr.",
                "",
                "Examples (the defaults run the bundled example in examples/labelled/):",
                "  templates",
                "  templates -i examples/labelled/tickets.csv --include-test -o out/tickets",
                "  templates -i data/ -t classification -s optimized --include-test",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:all records written",
                "1:failure (unreadable input or template, I/O error); nothing is written",
                "2:usage error (bad option, input or template not found)",
                "3:some records rejected (listed with reasons in rejects.jsonl); the others are written"})
public class templates implements Callable<Integer> {
    static final String DEFAULT_INPUT = "examples/labelled/jsonl";
    static final String DEFAULT_TEMPLATE = "examples/labelled/support-tickets.yaml";
    static final String DEFAULT_OUTPUT = "output/templates";

    @Option(names = {"-i", "--input"}, paramLabel = "PATH",
            description = "Input files or folders (.jsonl, .json array, .csv); repeatable. Default: " + DEFAULT_INPUT
                    + " (unless --train/--validation/--test are given).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--train", paramLabel = "FILE", description = "A file holding the train split, whatever its name.")
    List<Path> trainFiles = new ArrayList<>();

    @Option(names = {"--validation", "--val"}, paramLabel = "FILE", description = "A file holding the validation split.")
    List<Path> validationFiles = new ArrayList<>();

    @Option(names = "--test", paramLabel = "FILE", description = "A file holding the test split (used with --include-test).")
    List<Path> testFiles = new ArrayList<>();

    @Option(names = {"-t", "--template"}, paramLabel = "FILE|NAME", defaultValue = DEFAULT_TEMPLATE,
            description = "Template file (YAML or JSON), or a name in prompts/templates/. Default: ${DEFAULT-VALUE}.")
    String template;

    @Option(names = {"-s", "--strategy"}, paramLabel = "NAME", split = ",",
            description = "Strategies to write besides the simple one (repeatable or comma-separated). Default: every strategy"
                    + " in the template. An unknown one is a warning.")
    List<String> strategies = new ArrayList<>();

    @Option(names = "--simple-only", description = "Write only the simple strategy.")
    boolean simpleOnly;

    @Option(names = "--include-test", description = "Also write the test split (skipped by default).")
    boolean includeTest;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", defaultValue = DEFAULT_OUTPUT,
            description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path outputDir;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Rejected records file. Default: OUTPUT-DIR/rejects.jsonl.")
    Path rejects;

    @Option(names = "--split-field", paramLabel = "FIELD", defaultValue = "split",
            description = "The record field holding the split (nested fields with dots). Default: ${DEFAULT-VALUE}.")
    String splitField;

    @Override
    public Integer call() {
        List<TemplatedDataGenerator.InputFile> files = new ArrayList<>();
        List<Path> shown = new ArrayList<>();
        try {
            if (inputs.isEmpty() && trainFiles.isEmpty() && validationFiles.isEmpty() && testFiles.isEmpty()) {
                inputs.add(Path.of(DEFAULT_INPUT));
            }
            files.addAll(TemplatedDataGenerator.discover(inputs));
            shown.addAll(inputs);
            for (Path p : trainFiles) files.add(explicit(p, Splits.TRAIN, shown));
            for (Path p : validationFiles) files.add(explicit(p, Splits.VALIDATION, shown));
            for (Path p : testFiles) files.add(explicit(p, Splits.TEST, shown));
        } catch (IOException e) {
            return usage(e.getMessage());
        }
        Path templateFile;
        try {
            templateFile = TemplateSet.locate(template, Path.of(""));
        } catch (NoSuchFileException e) {
            return usage(e.getFile() + ": " + e.getReason());
        }
        try {
            TemplateSet set = TemplateSet.load(templateFile);
            TemplatedDataGenerator.Options options = new TemplatedDataGenerator.Options(files, templateFile, strategies,
                    simpleOnly, includeTest, outputDir, rejects, splitField);
            Summary.header(System.err, shown, options, set);
            TemplatedDataGenerator.Result result = TemplatedDataGenerator.run(options, set, System.err::println);
            Summary.print(System.err, result);
            return result.rejected() > 0 ? 3 : 0;
        } catch (TemplateSet.InvalidTemplateException | IOException e) {
            System.err.println("templates: error: " + e.getMessage());
            System.err.println("templates: nothing was written");
            return 1;
        }
    }

    private static TemplatedDataGenerator.InputFile explicit(Path file, String split, List<Path> shown) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        if (!LabelledRecords.isSupported(file)) throw new IOException(file + ": expected a .jsonl, .json or .csv file");
        shown.add(file);
        return new TemplatedDataGenerator.InputFile(file, split);
    }

    private static int usage(String message) {
        System.err.println("templates: " + message);
        System.err.println("Try 'templates --help' for more information.");
        return 2;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new templates()).execute(args));
    }
}
