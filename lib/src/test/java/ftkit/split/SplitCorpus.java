package ftkit.split;

import ftkit.io.Json;
import ftkit.io.JsonlReader;
import ftkit.io.JsonlLine;
import ftkit.model.Message;
import ftkit.model.Sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A corpus with planted leakage: exact duplicates (differing only in case and spacing), near-duplicates (one word
 * changed in a 40-word answer) and samples cut from one chunk, over sources and keywords of very different sizes.
 */
final class SplitCorpus {
    final List<Sample> samples = new ArrayList<>();
    final List<String[]> exactPairs = new ArrayList<>();
    final List<String[]> nearPairs = new ArrayList<>();
    final Map<String, List<String>> chunks = new HashMap<>();
    private final Random random;
    private int next;

    static final String[] SOURCES = {"big.pdf", "medium.md", "small.docx", "tiny.txt"};
    static final int[] SOURCE_SIZES = {600, 250, 20, 1};

    SplitCorpus(long seed) {
        random = new Random(seed);
    }

    private static final String[] VOCABULARY = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima "
            + "mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu invoice refund "
            + "account password widget gadget printer network server client order shipment warranty battery screen cable "
            + "router modem update install license billing support ticket upgrade delivery return exchange manual guide").split(" ");

    String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " ").append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
        return sb.toString();
    }

    Sample sample(String source, String keyword, String question, String answer) {
        Sample s = new Sample().id("s" + (next++));
        s.system("You are a helpful assistant.");
        s.add(Message.user(question)).add(Message.assistant(answer));
        s.metadata().sourceFile(source).keywords(List.of(keyword, "common")).mode("extracted");
        return s;
    }

    /** The standard corpus: 871 base samples plus planted groups. */
    static SplitCorpus standard(long seed) {
        SplitCorpus c = new SplitCorpus(seed);
        for (int src = 0; src < SOURCES.length; src++) {
            for (int i = 0; i < SOURCE_SIZES[src]; i++) {
                String kw = src == 3 ? "rare" : i % 5 == 0 ? "billing" : i % 5 == 1 ? "shipping" : "product";
                c.samples.add(c.sample(SOURCES[src], kw, c.words(12) + "?", c.words(40)));
            }
        }
        // Exact duplicates: same text, different case and spacing, different ids, possibly other sources.
        for (int i = 0; i < 25; i++) {
            Sample original = c.samples.get(c.random.nextInt(870));
            Sample copy = c.sample(SOURCES[i % 2], "product",
                    "  " + original.messages().get(0).content().toUpperCase() + " ",
                    original.messages().get(1).content().replace(" ", "   "));
            c.samples.add(copy);
            c.exactPairs.add(new String[]{original.id(), copy.id()});
        }
        // Near-duplicates: one word of the answer changed.
        for (int i = 0; i < 25; i++) {
            Sample original = c.samples.get(c.random.nextInt(870));
            String[] w = original.messages().get(1).content().split(" ");
            w[20] = w[20].equals("zulu") ? "yankee" : "zulu";
            Sample near = c.sample(original.metadata().sourceFile(), "product", original.messages().get(0).content(), String.join(" ", w));
            c.samples.add(near);
            c.nearPairs.add(new String[]{original.id(), near.id()});
        }
        // Chunks: 30 chunks of 4 different questions each, cut from one passage of big.pdf.
        for (int ch = 0; ch < 30; ch++) {
            String chunkId = "big.pdf#" + ch;
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                Sample s = c.sample("big.pdf", "product", c.words(12) + "?", c.words(40));
                s.metadata().put("chunk_id", "chunk-" + ch);
                c.samples.add(s);
                ids.add(s.id());
            }
            c.chunks.put(chunkId, ids);
        }
        java.util.Collections.shuffle(c.samples, c.random);
        return c;
    }

    Path write(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (Sample s : samples) {
                w.write(Json.MAPPER.writeValueAsString(s));
                w.write('\n');
            }
        }
        return file;
    }

    /** Reads an output back as canonical samples by id. */
    static Map<String, Sample> read(Path file) throws IOException {
        Map<String, Sample> out = new java.util.LinkedHashMap<>();
        if (file == null || !Files.exists(file)) return out;
        try (JsonlReader r = JsonlReader.open(file.toString())) {
            for (JsonlLine line : r) out.put(line.node().get("id").asText(), Json.MAPPER.treeToValue(line.node(), Sample.class));
        }
        return out;
    }
}
