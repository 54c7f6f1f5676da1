package ftkit.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a reproducible corpus of OpenAI chat examples for benchmarks: varied lengths (a few sentences to a
 * few thousand words), prose, code, CJK and emoji, some multi-turn, a few duplicates and a few bad lines.
 * Usage: CorpusGenerator OUT.jsonl COUNT [SEED]
 */
public final class CorpusGenerator {
    private static final String[] WORDS = ("the of and to in is you that it he was for on are as with his they at be this have from or one had by word but "
            + "not what all were we when your can said there use an each which she do how their if will up other about out many then them these so "
            + "some her would make like him into time has look two more write go see number no way could people my than first water been call who "
            + "oil its now find long down day did get come made may part refund order shipping invoice account password reset warranty delivery "
            + "tokenizer dataset validation training model provider limit example conversation assistant").split(" ");
    private static final String[] EXTRAS = {
            "```python\ndef add(a, b):\n    return a + b\n```", "東京の天気はどうですか？", "Привет, мир!", "👍 Thanks! 🎉",
            "SELECT * FROM orders WHERE id = 42;", "\t- item one\n\t- item two\n", "Error: NullPointerException at line 17",
    };

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        Random r = new Random(seed);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                if (i % 5000 == 4999) {
                    w.write("{\"messages\": [{\"role\": \"user\", \"content\": \"truncated line\"\n");
                    continue;
                }
                StringBuilder sb = new StringBuilder("{\"messages\":[");
                if (r.nextInt(3) == 0) sb.append("{\"role\":\"system\",\"content\":").append(q(sentence(r, 8 + r.nextInt(20)))).append("},");
                int turns = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
                for (int t = 0; t < turns; t++) {
                    sb.append("{\"role\":\"user\",\"content\":").append(q(text(r, i, 5 + r.nextInt(40)))).append("},");
                    int len = r.nextInt(100) < 3 ? 1500 + r.nextInt(2500) : 20 + r.nextInt(250);
                    sb.append("{\"role\":\"assistant\",\"content\":").append(q(text(r, i, len))).append("}");
                    if (t + 1 < turns) sb.append(',');
                }
                sb.append("]}");
                w.write(sb.toString());
                w.write('\n');
            }
        }
    }

    private static String text(Random r, int id, int words) {
        String s = sentence(r, words);
        if (r.nextInt(6) == 0) s += "\n\n" + EXTRAS[r.nextInt(EXTRAS.length)];
        return r.nextInt(200) == 0 ? s : s + " (#" + id + ")";
    }

    private static String sentence(Random r, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) sb.append(i % 12 == 0 ? ". " : " ");
            String w = WORDS[r.nextInt(WORDS.length)];
            sb.append(i % 12 == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        }
        return sb.append('.').toString();
    }

    private static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
