package ftkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import ftkit.io.Json;
import ftkit.io.JsonlLine;
import ftkit.io.JsonlReader;
import ftkit.providers.ProviderRegistry;
import ftkit.tokens.Tokenizers;
import ftkit.validate.ValidationOptions;
import ftkit.validate.Validator;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One benchmark run in this JVM (bench/validate.sh starts one JVM per mode to read its peak memory):
 *   ValidateBenchmark bare|validate FILE THREADS
 * "bare" is the baseline the issue names: Jackson parses each line and JTokkit counts its tokens with the
 * same chat overhead, nothing else. "validate" is the full validator (rules, duplicates, report).
 * Prints one line: mode threads seconds MB/s examples/s.
 */
public final class ValidateBenchmark {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path file = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        long bytes = Files.size(file);
        // Warm up the JIT on the first part of the file, as a long-running user's run would be.
        long start;
        long examples;
        if (mode.equals("bare")) {
            bare(file, threads, 20_000);
            start = System.nanoTime();
            examples = bare(file, threads, Long.MAX_VALUE);
        } else {
            // The same warm-up as the baseline: the first 20,000 lines.
            Path prefix = Files.createTempFile("warmup", ".jsonl");
            try (var lines = Files.lines(file)) {
                Files.write(prefix, (Iterable<String>) lines.limit(20_000)::iterator);
            }
            validate(prefix, threads);
            Files.delete(prefix);
            start = System.nanoTime();
            examples = validate(file, threads);
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s threads=%d seconds=%.2f MB/s=%.1f examples/s=%.0f examples=%d%n",
                mode, threads, s, bytes / 1e6 / s, examples / s, examples);
    }

    static long validate(Path file, int threads) throws IOException {
        ProviderRegistry registry = ProviderRegistry.bundled();
        ValidationOptions o = new ValidationOptions(List.of(registry.target("openai/gpt-4o-mini-2024-07-18")), null, null, threads,
                null, null, null, ValidationOptions.DuplicatePolicy.WARN, false);
        Validator.Run run = new Validator(registry, o, w -> { }).run(List.of(file.toString()), null);
        return run.files().get(0).lines();
    }

    static long bare(Path file, int threads, long limit) throws Exception {
        Encoding enc = Tokenizers.encoding(EncodingType.O200K_BASE);
        long total = 0;
        long n = 0;
        if (threads == 1) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null && n < limit) {
                    total += countLine(enc, line.getBytes(StandardCharsets.UTF_8));
                    n++;
                }
            }
            return n;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (JsonlReader r = JsonlReader.open(file.toString(), false)) {
            ArrayDeque<Future<Long>> inFlight = new ArrayDeque<>();
            List<byte[]> batch = new ArrayList<>();
            for (JsonlLine l : r) {
                if (n++ >= limit) break;
                batch.add(l.bytes());
                if (batch.size() == 256) {
                    List<byte[]> b = batch;
                    inFlight.add(pool.submit(() -> countAll(enc, b)));
                    batch = new ArrayList<>();
                    if (inFlight.size() >= threads * 4) total += inFlight.poll().get();
                }
            }
            List<byte[]> b = batch;
            inFlight.add(pool.submit(() -> countAll(enc, b)));
            while (!inFlight.isEmpty()) total += inFlight.poll().get();
        } finally {
            pool.shutdown();
        }
        if (total < 0) System.out.println(total);
        return Math.min(n, limit);
    }

    static long countAll(Encoding enc, List<byte[]> lines) {
        long t = 0;
        for (byte[] l : lines) t += countLine(enc, l);
        return t;
    }

    static long countLine(Encoding enc, byte[] line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            long t = 3;
            for (JsonNode m : node.path("messages")) {
                t += 3 + enc.countTokensOrdinary(m.path("role").asText()) + enc.countTokensOrdinary(m.path("content").asText());
            }
            return t;
        } catch (IOException e) {
            return 0;
        }
    }
}
