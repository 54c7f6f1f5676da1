package ftkit.split;

import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a canonical corpus for bench/split.sh: N samples over 60 source files of skewed sizes, 40 keywords,
 * chunks of 1–4 samples, 2% exact duplicates (case/spacing changed) and 2% near-duplicates (one word changed).
 * Not a test: run it with {@code java -cp … ftkit.split.SplitBenchmarkCorpus FILE N SEED}.
 */
public final class SplitBenchmarkCorpus {
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Random random = new Random(args.length > 2 ? Long.parseLong(args[2]) : 42);
        String[] vocabulary = new String[3000];
        for (int i = 0; i < vocabulary.length; i++) {
            StringBuilder w = new StringBuilder();
            int len = 3 + random.nextInt(7);
            for (int k = 0; k < len; k++) w.append((char) ('a' + random.nextInt(26)));
            vocabulary[i] = w.toString();
        }
        String[] keywords = new String[40];
        for (int i = 0; i < keywords.length; i++) keywords[i] = "topic-" + vocabulary[i];
        List<String> recent = new ArrayList<>();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            int chunk = 0;
            int leftInChunk = 0;
            String source = null;
            for (int i = 0; i < n; i++) {
                if (leftInChunk == 0) {
                    chunk++;
                    leftInChunk = 1 + random.nextInt(4);
                    // Skewed sources: file k gets weight 1/(k+1).
                    int k = (int) Math.floor(Math.pow(60, random.nextDouble())) - 1;
                    source = "docs/file-" + Math.max(0, k) + ".pdf";
                }
                leftInChunk--;
                String question;
                String answer;
                double r = random.nextDouble();
                if (r < 0.02 && !recent.isEmpty()) {
                    String[] qa = recent.get(random.nextInt(recent.size())).split("\u0001");
                    question = "  " + qa[0].toUpperCase();
                    answer = qa[1].replace(" ", "  ");
                } else if (r < 0.04 && !recent.isEmpty()) {
                    String[] qa = recent.get(random.nextInt(recent.size())).split("\u0001");
                    String[] w = qa[1].split(" ");
                    w[w.length / 2] = vocabulary[random.nextInt(vocabulary.length)];
                    question = qa[0];
                    answer = String.join(" ", w);
                } else {
                    question = words(random, vocabulary, 8 + random.nextInt(12)) + "?";
                    answer = words(random, vocabulary, 30 + random.nextInt(90)) + ".";
                }
                if (recent.size() < 5000) recent.add(question + "\u0001" + answer);
                else recent.set(random.nextInt(recent.size()), question + "\u0001" + answer);
                Sample s = new Sample().id("b" + i).system("You answer questions about the product documentation.");
                s.add(Message.user(question)).add(Message.assistant(answer));
                int kw = (int) Math.floor(Math.pow(40, random.nextDouble())) - 1;
                s.metadata().sourceFile(source).locate("page", 1 + random.nextInt(300))
                        .keywords(List.of(keywords[Math.max(0, kw)], keywords[random.nextInt(keywords.length)]))
                        .mode("extracted");
                s.metadata().put("chunk_id", "c" + chunk);
                out.write(Json.MAPPER.writeValueAsString(s));
                out.write('\n');
            }
        }
    }

    private static String words(Random random, String[] vocabulary, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " ").append(vocabulary[random.nextInt(vocabulary.length)]);
        return sb.toString();
    }

    private SplitBenchmarkCorpus() {
    }
}
