///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION extract-bench: generate a mixed corpus (default 600 documents) and measure extract on 1 core vs all cores
//JAVA 17+
//SOURCES ../lib/extract.java
//SOURCES ../lib/src/test/java/ftkit/extract/DocumentFixtures.java
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.extract.DocumentFixtures.Slide;
import ftkit.extract.ExtractOptions;
import ftkit.extract.Extractor;
import ftkit.extract.RunReport;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static ftkit.extract.DocumentFixtures.*;

/**
 * Benchmark of extract: writes N mixed documents (PDF, DOCX, XLSX, PPTX, TXT, Markdown, CSV, HTML) with known
 * conversations and filler prose, then runs the extractor once with 1 thread and once with all cores and prints
 * documents/s, MB/s, samples and peak heap. Usage: extract-bench.java [DIR] [N]. A warm-up run comes first.
 */
class extract_bench {
    static final String[] WORDS = ("lamp battery warranty shipping order return cable brightness colour app firmware "
            + "update support invoice payment delivery customer bracket arm base switch timer dimmer light desk office "
            + "reading night repair spare part screw clip install setup the a of and to in is for with on it").split(" ");

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/corpus");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        if (!Files.isDirectory(dir) || Files.list(dir).count() < n) generate(dir, n);
        ExtractOptions probe = new ExtractOptions();
        List<Extractor.InputFile> files = Extractor.discover(List.of(dir.toString()), probe);
        long bytes = files.stream().mapToLong(Extractor.InputFile::bytes).sum();
        System.out.printf("corpus: %d documents, %.1f MB in %s%n", files.size(), bytes / 1e6, dir);
        int cores = Runtime.getRuntime().availableProcessors();
        run(files, bytes, 1, "warm-up (1 thread, not counted)");
        run(files, bytes, 1, "1 thread");
        run(files, bytes, cores, cores + " threads (all cores)");
    }

    static void run(List<Extractor.InputFile> files, long bytes, int threads, String label) throws Exception {
        ExtractOptions o = new ExtractOptions();
        o.threads = threads;
        Path out = Files.createTempFile("bench-samples", ".jsonl");
        Path chunks = Files.createTempFile("bench-chunks", ".jsonl");
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        long t0 = System.nanoTime();
        RunReport r = new Extractor(o).run(files, out.toString(), chunks.toString(), null);
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        System.out.printf("%-32s %6.1f s  %7.1f documents/s  %6.2f MB/s  %d samples  %d chunks  %d failed  peak heap %d MB%n",
                label, s, files.size() / s, bytes / 1e6 / s, r.samples(), r.chunks(), r.failed() + r.partial(), peak >> 20);
        Files.delete(out);
        Files.delete(chunks);
    }

    static String prose(Random rnd, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String w = WORDS[rnd.nextInt(WORDS.length)];
            sb.append(i % 12 == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            sb.append(i % 12 == 11 ? ". " : " ");
        }
        return sb.toString().strip() + ".";
    }

    static void generate(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        Random rnd = new Random(42);
        for (int i = 0; i < n; i++) {
            String q = "What about the " + WORDS[rnd.nextInt(12)] + " of item " + i + "?";
            String a = "It is covered in section " + (i % 7 + 1) + ". " + prose(rnd, 20);
            String name = String.format("doc-%04d", i);
            int pages = 1 + rnd.nextInt(4);
            switch (i % 8) {
                case 0 -> {
                    List<List<String>> ps = new ArrayList<>();
                    for (int p = 0; p < pages; p++) {
                        List<String> lines = new ArrayList<>();
                        lines.add("Q: " + q + " (page " + (p + 1) + ")");
                        lines.add("A: " + a.substring(0, Math.min(80, a.length())));
                        lines.add("");
                        String body = prose(rnd, 300);
                        for (int c = 0; c < body.length(); c += 90) lines.add(body.substring(c, Math.min(body.length(), c + 90)));
                        ps.add(lines);
                    }
                    pdf(dir.resolve(name + ".pdf"), ps);
                }
                case 1 -> docx(dir.resolve(name + ".docx"), List.of(h(1, "Manual " + i), p(prose(rnd, 200)), h(2, q), p(a),
                        p("Customer: " + q), p("Agent: " + a), p(prose(rnd, 400))));
                case 2 -> {
                    List<List<String>> rows = new ArrayList<>();
                    rows.add(List.of("Question", "Answer"));
                    for (int r = 0; r < 20 + rnd.nextInt(40); r++) rows.add(List.of(q + " #" + r, prose(rnd, 15)));
                    xlsx(dir.resolve(name + ".xlsx"), sheets(Map.entry("FAQ", rows)));
                }
                case 3 -> pptx(dir.resolve(name + ".pptx"), List.of(new Slide("Deck " + i, prose(rnd, 40)),
                        new Slide("Q: " + q + "\nA: " + a)));
                case 4 -> Files.writeString(dir.resolve(name + ".txt"), prose(rnd, 300) + "\n\nUser: " + q + "\nAssistant: " + a
                        + "\nUser: And the " + WORDS[rnd.nextInt(10)] + "?\nAssistant: " + prose(rnd, 15) + "\n\n" + prose(rnd, 2000) + "\n");
                case 5 -> Files.writeString(dir.resolve(name + ".md"), "# Guide " + i + "\n\n" + prose(rnd, 200) + "\n\n## " + q
                        + "\n\n" + a + "\n\n**Question:** " + q + "\n**Answer:** " + a + "\n\n## Notes\n\n" + prose(rnd, 1500) + "\n");
                case 6 -> {
                    StringBuilder csv = new StringBuilder("question,answer\n");
                    for (int r = 0; r < 30 + rnd.nextInt(100); r++) csv.append('"').append(q).append(" #").append(r).append("\",\"").append(prose(rnd, 20)).append("\"\n");
                    Files.writeString(dir.resolve(name + ".csv"), csv);
                }
                default -> Files.writeString(dir.resolve(name + ".html"), "<html><body><h1>Help " + i + "</h1><p>" + prose(rnd, 300)
                        + "</p><h2>" + q + "</h2><p>" + a + "</p><p>" + prose(rnd, 800) + "</p></body></html>");
            }
        }
    }
}
