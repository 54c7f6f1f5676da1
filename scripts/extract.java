///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION extract: find the conversations already in your documents (verbatim) and cut them into chunks
//JAVA 17+
//SOURCES ../lib/extract.java
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.extract.ExtractOptions;
import ftkit.extract.Extractor;
import ftkit.extract.FileReport;
import ftkit.extract.ProgressReporter;
import ftkit.extract.RunReport;
import ftkit.io.AtomicOutput;
import ftkit.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "extract", mixinStandardHelpOptions = true, version = "extract 0.1.0", sortOptions = false,
        description = {"Find the conversations already in your documents (FAQs, Q&A sheets, chat logs, interview "
                + "transcripts) and write them verbatim as sample JSONL with their source, locator, detector and "
                + "keywords; optionally cut the documents into token-sized chunks for generate.",
                "Reads PDF, DOCX, PPTX, XLSX, CSV, TXT, Markdown, HTML, EPUB, ODT, RTF and JSON/JSONL chat exports.",
                "",
                "Example:  jbang extract@. examples/documents --chunks chunks.jsonl --report report.json | jbang validate@. -"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was read", "1:the run failed (e.g. an output could not be written)",
                "2:usage error (unknown option, missing input)",
                "3:some files failed or were only partly read (see stderr or --report); the others were extracted"})
public class extract implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders (folders are read recursively).")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Sample JSONL output (default: - = stdout).")
    String output = "-";

    @Option(names = "--chunks", paramLabel = "FILE", description = "Also write token-sized chunks (JSONL) to FILE.")
    String chunks;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the per-file report (JSON) to FILE.")
    String report;

    @Option(names = "--min-turns", paramLabel = "N", description = "Keep conversations with at least N messages (agent.identify.min_turns; default: ${DEFAULT-VALUE}).")
    int minTurns = 2;

    @Option(names = "--include-context", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Put the heading or paragraph around a conversation in its system field, marked metadata.context (agent.identify.include_context; default: ${DEFAULT-VALUE}).")
    boolean includeContext = true;

    @Option(names = "--question-columns", split = ",", paramLabel = "NAME", description = "Table header names of question columns (default: ${DEFAULT-VALUE}).")
    List<String> questionColumns = new ArrayList<>(ftkit.extract.ConversationDetector.DEFAULT_QUESTION_COLUMNS);

    @Option(names = "--answer-columns", split = ",", paramLabel = "NAME", description = "Table header names of answer columns (default: ${DEFAULT-VALUE}).")
    List<String> answerColumns = new ArrayList<>(ftkit.extract.ConversationDetector.DEFAULT_ANSWER_COLUMNS);

    @Option(names = "--include", paramLabel = "GLOB", description = "Only read files in folders matching GLOB (repeatable), e.g. '*.pdf' or 'faq/**'.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip files in folders matching GLOB (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--chunk-tokens", paramLabel = "N", description = "Target chunk size in tokens (o200k_base; default: ${DEFAULT-VALUE}).")
    int chunkTokens = 512;

    @Option(names = "--chunk-overlap", paramLabel = "N", description = "Tokens shared by consecutive chunks (default: ${DEFAULT-VALUE}).")
    int chunkOverlap = 64;

    @Option(names = "--keywords", paramLabel = "N", description = "Topic keywords per sample (TF-IDF over the corpus; default: ${DEFAULT-VALUE}).")
    int keywords = 5;

    @Option(names = "--max-chars", paramLabel = "N", description = "Characters read per file; larger files are reported as partial (default: ${DEFAULT-VALUE}).")
    int maxChars = 5_000_000;

    @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Worker threads (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no per-file lines on stderr (the report file still has them).")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new extract()).execute(args));
    }

    @Override
    public Integer call() {
        ExtractOptions o = new ExtractOptions();
        o.minTurns = minTurns;
        o.includeContext = includeContext;
        o.questionColumns = questionColumns;
        o.answerColumns = answerColumns;
        o.includes = includes;
        o.excludes = excludes;
        o.chunkTokens = chunkTokens;
        o.chunkOverlap = chunkOverlap;
        o.keywords = keywords;
        o.maxChars = maxChars;
        o.threads = threads;
        Extractor extractor;
        List<Extractor.InputFile> files;
        try {
            extractor = new Extractor(o);
            files = Extractor.discover(inputs, o);
        } catch (IllegalArgumentException e) {
            System.err.println("extract: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            System.err.println("extract: " + e.getFile() + ": no such file or directory");
            return 2;
        } catch (IOException e) {
            System.err.println("extract: " + e.getMessage());
            return 1;
        }
        if (files.isEmpty()) {
            System.err.println("extract: no supported files found in " + String.join(", ", inputs));
            return 2;
        }
        RunReport result;
        long totalBytes = files.stream().mapToLong(f -> Math.max(0, f.bytes())).sum();
        try (ProgressReporter progress = quiet ? null : new ProgressReporter(files.size(), totalBytes, System.err)) {
            result = extractor.run(files, output, chunks, progress);
        } catch (IOException | RuntimeException e) {
            System.err.println("extract: failed: " + e.getMessage());
            return 1;
        }
        if (!quiet) {
            for (FileReport r : result.entries()) if (!FileReport.OK.equals(r.status())) System.err.println("extract: " + r.line());
            System.err.println("extract: " + result.summary());
        }
        if (report != null) {
            try (AtomicOutput out = AtomicOutput.open(report)) {
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.stream(), result);
                out.stream().write('\n');
                out.commit();
            } catch (IOException e) {
                System.err.println("extract: cannot write report " + report + ": " + e.getMessage());
                return 1;
            }
        }
        return result.hasProblems() ? 3 : 0;
    }
}
