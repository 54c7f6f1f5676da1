package ftkit.extract;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.io.JsonlWriter;
import ftkit.io.RecordConverter;
import ftkit.io.RecordException;
import ftkit.io.RecordFormat;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Runs identify-mode extraction over files: each file is read ({@link SourceReader}, or {@link ChatExportReader}
 * for JSON chat exports), searched for conversations ({@link ConversationDetector}) and cut into chunks
 * ({@link Chunker}) on a pool of worker threads; results are spooled per file to a temporary folder so memory
 * stays bounded, then written in file-path order with TF-IDF keywords computed over the whole corpus. A file that
 * fails is reported and skipped; it never stops the run.
 */
public final class Extractor {
    /** One input: the file, the name shown in outputs and reports, its size. */
    public record InputFile(Path path, String name, long bytes) {
    }

    /** Everything one file produced, before keywords are known. */
    public record FileResult(FileReport report, List<Sample> samples, List<Chunk> chunks, Set<String> stems) {
    }

    private final ExtractOptions options;
    private final ConversationDetector detector;
    private final Chunker chunker;

    public Extractor(ExtractOptions options) {
        this.options = options;
        this.detector = new ConversationDetector(options.minTurns, options.includeContext, options.questionColumns,
                options.answerColumns);
        this.chunker = new Chunker(options.tokenCounter, options.chunkTokens, options.chunkOverlap);
    }

    // ---- discovery ------------------------------------------------------------------------------------------

    /**
     * The files to read, sorted by name: files given directly are always taken; folders are walked recursively
     * (hidden entries skipped) for supported extensions, or for {@code includes} globs when given, minus
     * {@code excludes}. Globs match the path relative to the folder or the file name.
     */
    public static List<InputFile> discover(List<String> inputs, ExtractOptions options) throws IOException {
        List<PathMatcher> includes = matchers(options.includes);
        List<PathMatcher> excludes = matchers(options.excludes);
        Map<String, InputFile> found = new TreeMap<>();
        for (String input : inputs) {
            Path root = Path.of(input);
            if (!Files.exists(root)) throw new NoSuchFileException(input, null, "no such file or directory");
            if (Files.isRegularFile(root)) {
                String name = display(root);
                found.put(name, new InputFile(root, name, Files.size(root)));
                continue;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && dir.getFileName().toString().startsWith(".")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile() || file.getFileName().toString().startsWith(".")) return FileVisitResult.CONTINUE;
                    Path rel = root.relativize(file);
                    boolean wanted = includes.isEmpty()
                            ? SourceReader.SUPPORTED.contains(SourceReader.extension(file))
                            : matchesAny(includes, rel);
                    if (wanted && !matchesAny(excludes, rel)) {
                        String name = display(file);
                        found.put(name, new InputFile(file, name, attrs.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    String name = display(file);
                    found.put(name, new InputFile(file, name, -1));
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return new ArrayList<>(found.values());
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> out = new ArrayList<>();
        for (String g : globs) out.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        return out;
    }

    private static boolean matchesAny(List<PathMatcher> matchers, Path rel) {
        for (PathMatcher m : matchers) if (m.matches(rel) || m.matches(rel.getFileName())) return true;
        return false;
    }

    private static String display(Path p) {
        return p.normalize().toString().replace('\\', '/');
    }

    // ---- one file -------------------------------------------------------------------------------------------

    /** Extracts one file completely in memory (keywords not yet set). Never throws for bad input. */
    public FileResult extractFile(InputFile file) {
        try {
            String ext = SourceReader.extension(file.path());
            if ((ext.equals("json") || ext.equals("jsonl")) && file.bytes() != 0) {
                FileResult chat = chatExport(file);
                if (chat != null) return chat;
            }
            SourceReader.Result read = SourceReader.read(file.path(), options.maxChars);
            DocumentText doc = read.doc();
            List<String> reasons = new ArrayList<>(read.warnings());
            String status = reasons.isEmpty() ? FileReport.OK : FileReport.WARNING;
            if (doc.truncated()) {
                status = FileReport.PARTIAL;
                reasons.add(0, "too large: stopped after " + options.maxChars
                        + " characters (raise --max-chars to read more); what was read is kept");
            }
            List<ConversationDetector.Found> found = detector.detect(doc);
            List<Sample> samples = new ArrayList<>();
            boolean lineLocators = ext.equals("txt") || ext.equals("text") || ext.equals("md") || ext.equals("markdown")
                    || ext.equals("log") || ext.equals("rst");
            for (ConversationDetector.Found f : found) samples.add(toSample(file, doc, f, lineLocators));
            if (found.isEmpty() && options.spanProposer != null) {
                samples.addAll(proposed(file, doc));
            }
            List<Chunk> chunks = new ArrayList<>();
            int index = 0;
            for (Chunker.Span c : chunker.chunk(doc)) {
                Map<String, Object> locator = new LinkedHashMap<>(doc.lines().get(c.firstLine()).locator());
                if (lineLocators) locator.put("line", c.firstLine() + 1);
                SampleMetadata meta = new SampleMetadata().sourceFile(file.name()).locator(locator)
                        .detector(Chunk.DETECTOR).mode(SampleMetadata.MODE_EXTRACTED);
                meta.put("chunk_index", index++);
                meta.put("char_start", c.start());
                meta.put("char_end", c.end());
                chunks.add(new Chunk(id("c", file.name() + ":" + c.start() + ":" + c.end()),
                        doc.text().substring(c.start(), c.end()), c.tokens(), meta));
            }
            FileReport report = new FileReport(file.name(), status, FileReport.join(reasons), read.mediaType(),
                    file.bytes(), doc.length(), samples.size(), chunks.size());
            return new FileResult(report, samples, chunks, Keywords.stems(doc.text()));
        } catch (ExtractionException e) {
            return new FileResult(FileReport.failed(file.name(), file.bytes(), e.getMessage()), List.of(), List.of(), Set.of());
        } catch (IOException e) {
            return new FileResult(FileReport.failed(file.name(), file.bytes(), "cannot read file (" + e.getMessage() + ")"),
                    List.of(), List.of(), Set.of());
        } catch (OutOfMemoryError e) {
            return new FileResult(FileReport.failed(file.name(), file.bytes(),
                    "out of memory while parsing; lower --max-chars or --threads"), List.of(), List.of(), Set.of());
        } catch (RuntimeException | StackOverflowError e) {
            return new FileResult(FileReport.failed(file.name(), file.bytes(), SourceReader.classify(e).getMessage()),
                    List.of(), List.of(), Set.of());
        }
    }

    private FileResult chatExport(InputFile file) throws IOException {
        ChatExportReader.Result result;
        try {
            result = ChatExportReader.read(file.path());
        } catch (IOException e) {
            return null;
        }
        if (result == null) return null;
        List<Sample> samples = new ArrayList<>();
        Set<String> stems = new LinkedHashSet<>();
        long characters = 0;
        for (ChatExportReader.Conversation c : result.conversations()) {
            Sample s = c.sample();
            long turns = s.messages().size();
            StringBuilder all = new StringBuilder();
            for (Message m : s.messages()) all.append(m.content()).append('\n');
            characters += all.length();
            stems.addAll(Keywords.stems(all.toString()));
            if (turns < options.minTurns) continue;
            s.id(id("x", file.name() + ":" + c.locator()));
            s.metadata(new SampleMetadata().sourceFile(file.name()).locator(c.locator())
                    .detector(ConversationDetector.CHAT_JSON).mode(SampleMetadata.MODE_EXTRACTED));
            samples.add(s);
        }
        String reason = result.rejected() == 0 ? null
                : result.rejected() + " records are not chat conversations and were skipped (first: "
                + result.firstRejection() + ")";
        FileReport report = new FileReport(file.name(), reason == null ? FileReport.OK : FileReport.WARNING, reason,
                "application/json", file.bytes(), (int) Math.min(Integer.MAX_VALUE, characters), samples.size(), 0);
        return new FileResult(report, samples, List.of(), stems);
    }

    private Sample toSample(InputFile file, DocumentText doc, ConversationDetector.Found f, boolean lineLocators) {
        String text = doc.text();
        Sample s = new Sample().id(id("x", file.name() + ":" + f.start()));
        Map<String, String> speakers = new LinkedHashMap<>();
        for (ConversationDetector.Span m : f.messages()) {
            s.add(new Message(m.role(), text.substring(m.start(), m.end())));
            if (m.speaker() != null) speakers.putIfAbsent(m.role(), m.speaker());
        }
        Map<String, Object> locator = new LinkedHashMap<>(f.locator());
        if (lineLocators) locator.put("line", doc.lineAt(f.start()) + 1);
        SampleMetadata meta = new SampleMetadata().sourceFile(file.name()).locator(locator).detector(f.detector())
                .mode(SampleMetadata.MODE_EXTRACTED);
        if (!speakers.isEmpty()) meta.put("speakers", speakers);
        if (f.context() != null) {
            s.system(text.substring(f.context().start(), f.context().end()));
            // the system prompt is not an instruction someone wrote but the document's own text around the conversation
            meta.put("context", f.contextFrom());
        }
        s.metadata(meta);
        return s;
    }

    private List<Sample> proposed(InputFile file, DocumentText doc) {
        List<List<Message>> proposals;
        try {
            proposals = options.spanProposer.propose(file.name(), doc.text());
        } catch (Exception e) {
            return List.of();
        }
        List<Sample> out = new ArrayList<>();
        for (List<ConversationDetector.Span> spans : SpanProposer.acceptVerbatim(doc.text(), proposals)) {
            if (spans.size() < options.minTurns) continue;
            Sample s = new Sample().id(id("x", file.name() + ":" + spans.get(0).start()));
            for (ConversationDetector.Span m : spans) s.add(new Message(m.role(), doc.text().substring(m.start(), m.end())));
            Map<String, Object> locator = new LinkedHashMap<>(doc.lines().get(doc.lineAt(spans.get(0).start())).locator());
            s.metadata(new SampleMetadata().sourceFile(file.name()).locator(locator).detector("llm")
                    .mode(SampleMetadata.MODE_EXTRACTED));
            out.add(s);
        }
        return out;
    }

    static String id(String prefix, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return prefix + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- a whole run ----------------------------------------------------------------------------------------

    private record Outcome(int index, FileReport report, Set<String> stems) {
    }

    /**
     * Extracts all files on {@code options.threads} workers and writes samples to {@code samplesOut} ("-" for
     * stdout) and chunks to {@code chunksOut} (null for none), both in file order then text order. Outputs to
     * files appear atomically when the run completes. {@code listener} sees each file's report as it finishes.
     */
    public RunReport run(List<InputFile> files, String samplesOut, String chunksOut, Consumer<FileReport> listener)
            throws IOException {
        long started = System.nanoTime();
        Path spool = Files.createTempDirectory("ftkit-extract-");
        try {
            FileReport[] reports = new FileReport[files.size()];
            Keywords keywords = new Keywords();
            int threads = Math.max(1, options.threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "extract-worker");
                t.setDaemon(true);
                return t;
            });
            try {
                CompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
                Semaphore inFlight = new Semaphore(threads * 2); // bounded queue: results are drained as they come
                int submitted = 0, collected = 0;
                for (int i = 0; i < files.size(); i++) {
                    while (!inFlight.tryAcquire()) {
                        collect(done.take(), reports, keywords, listener);
                        collected++;
                        inFlight.release();
                    }
                    int index = i;
                    done.submit(() -> work(index, files.get(index), spool));
                    submitted++;
                }
                while (collected < submitted) {
                    collect(done.take(), reports, keywords, listener);
                    collected++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                pool.shutdownNow();
            }
            merge(files.size(), spool, keywords, samplesOut, chunksOut);
            return RunReport.of(List.of(reports), (System.nanoTime() - started) / 1e9);
        } finally {
            deleteTree(spool);
        }
    }

    private void collect(java.util.concurrent.Future<Outcome> future, FileReport[] reports, Keywords keywords,
                         Consumer<FileReport> listener) throws IOException, InterruptedException {
        Outcome o;
        try {
            o = future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            throw new IOException("extract worker failed: " + cause, cause);
        }
        reports[o.index()] = o.report();
        if (!o.stems().isEmpty()) keywords.addDocument(o.stems());
        if (listener != null) listener.accept(o.report());
    }

    private Outcome work(int index, InputFile file, Path spool) throws IOException {
        FileResult r = file.bytes() < 0
                ? new FileResult(FileReport.failed(file.name(), 0, "cannot read file (permission denied?)"), List.of(), List.of(), Set.of())
                : extractFile(file);
        writeSpool(spool.resolve(index + ".samples.jsonl"), r.samples());
        writeSpool(spool.resolve(index + ".chunks.jsonl"), r.chunks());
        return new Outcome(index, r.report(), r.stems());
    }

    private static void writeSpool(Path path, List<?> values) throws IOException {
        if (values.isEmpty()) return;
        try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            for (Object v : values) {
                w.write(Json.MAPPER.writeValueAsString(v));
                w.write('\n');
            }
        }
    }

    private void merge(int count, Path spool, Keywords keywords, String samplesOut, String chunksOut) throws IOException {
        try (JsonlWriter samples = JsonlWriter.open(samplesOut);
             JsonlWriter chunks = chunksOut == null ? null : JsonlWriter.open(chunksOut)) {
            for (int i = 0; i < count; i++) {
                Path s = spool.resolve(i + ".samples.jsonl");
                if (Files.exists(s)) {
                    forEachLine(s, line -> {
                        Sample sample = readSample(line);
                        StringBuilder all = new StringBuilder();
                        for (Message m : sample.messages()) all.append(m.contentOrEmpty()).append('\n');
                        sample.metadata().keywords(keywords.top(all.toString(), options.keywords));
                        write(samples, sample);
                    });
                }
                Path c = spool.resolve(i + ".chunks.jsonl");
                if (chunks != null && Files.exists(c)) {
                    forEachLine(c, line -> {
                        Chunk chunk = readChunk(line);
                        chunk.metadata().keywords(keywords.top(chunk.text(), options.keywords));
                        write(chunks, chunk);
                    });
                }
                Files.deleteIfExists(s);
                Files.deleteIfExists(c);
            }
            samples.commit();
            if (chunks != null) chunks.commit();
        }
    }

    private static Sample readSample(String line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            return RecordConverter.toSample(node, RecordFormat.CANONICAL);
        } catch (IOException | RecordException e) {
            throw new IllegalStateException("spooled sample unreadable: " + e.getMessage(), e);
        }
    }

    private static Chunk readChunk(String line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            SampleMetadata meta = Json.MAPPER.treeToValue(node.get("metadata"), SampleMetadata.class);
            return new Chunk(node.get("id").asText(), node.get("text").asText(), node.get("tokens").asInt(), meta);
        } catch (IOException e) {
            throw new IllegalStateException("spooled chunk unreadable: " + e.getMessage(), e);
        }
    }

    private static void write(JsonlWriter w, Object value) {
        try {
            w.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void forEachLine(Path file, Consumer<String> action) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty()) action.accept(line);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temp file must not turn a good run into a failure
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
