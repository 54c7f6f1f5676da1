package ftkit.split;

import ftkit.io.SampleReader;
import ftkit.model.Sample;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first pass over the input: per sample only compact keys (exact-text hash, chunk key, source and primary
 * keyword ids, its own split, MinHash band keys; signatures go to a temporary file), then the leakage groups:
 * exact duplicates, near-duplicates and samples of one source chunk are joined with union-find so that a whole
 * group later lands on one side. Nothing here depends on the ratio or strategy, so an interactive session can show
 * the distribution before asking for them.
 */
public final class SplitAnalysis {
    /** Ordinals share a long with 38 bits of key hash (see {@link #pack}); this bounds one split's size. */
    public static final int MAX_SAMPLES = 1 << 26;
    private static final int ORDINAL_BITS = 26;
    private static final long ORDINAL_MASK = (1L << ORDINAL_BITS) - 1;
    private static final int REPRESENTATIVES = 8;
    static final String NONE = "(none)";

    final Path input;
    final int samples;
    final long rejected;
    final long checksum;
    final int[] sourceId;
    final int[] keywordId;
    final byte[] existing;
    final List<String> sourceNames;
    final List<String> keywordNames;
    final Map<String, Long> sourceCounts;
    final Map<String, Long> keywordCounts;
    final Map<String, Long> existingCounts;
    /** Dense component id per ordinal; components are numbered by their smallest ordinal. */
    final int[] component;
    final int[] componentSize;
    final GroupStats groups;

    /** How many samples the leakage rules tied together, and why. */
    public record GroupStats(int exactDuplicateGroups, int exactDuplicateSamples, int nearDuplicateMerges,
                             int chunkGroups, int chunkSamples, int keptTogetherGroups, int samplesInKeptTogetherGroups,
                             int largestGroup, int components) {
    }

    private SplitAnalysis(Path input, int samples, long rejected, long checksum, int[] sourceId, int[] keywordId,
                          byte[] existing, List<String> sourceNames, List<String> keywordNames,
                          Map<String, Long> sourceCounts, Map<String, Long> keywordCounts, Map<String, Long> existingCounts,
                          int[] component, int[] componentSize, GroupStats groups) {
        this.input = input;
        this.samples = samples;
        this.rejected = rejected;
        this.checksum = checksum;
        this.sourceId = sourceId;
        this.keywordId = keywordId;
        this.existing = existing;
        this.sourceNames = sourceNames;
        this.keywordNames = keywordNames;
        this.sourceCounts = sourceCounts;
        this.keywordCounts = keywordCounts;
        this.existingCounts = existingCounts;
        this.component = component;
        this.componentSize = componentSize;
        this.groups = groups;
    }

    public Path input() {
        return input;
    }

    public int samples() {
        return samples;
    }

    /** Lines that are not readable samples (reported and written to rejects in the second pass). */
    public long rejected() {
        return rejected;
    }

    public GroupStats groups() {
        return groups;
    }

    /** Samples per source file, before the split. */
    public Map<String, Long> sourceCounts() {
        return sourceCounts;
    }

    /** Samples per keyword (a sample counts once for each of its keywords), before the split. */
    public Map<String, Long> keywordCounts() {
        return keywordCounts;
    }

    /** How many records arrived with their own split value (train/validation/test), by side. */
    public Map<String, Long> existingCounts() {
        return existingCounts;
    }

    public static SplitAnalysis scan(Path input, boolean nearDuplicates, double threshold) throws IOException, SplitException {
        Path sigFile = nearDuplicates ? Files.createTempFile("ftkit-split-minhash-", ".bin") : null;
        try {
            return scan(input, nearDuplicates, threshold, sigFile);
        } finally {
            if (sigFile != null) Files.deleteIfExists(sigFile);
        }
    }

    private static SplitAnalysis scan(Path input, boolean nearDuplicates, double threshold, Path sigFile)
            throws IOException, SplitException {
        int capacity = 1024;
        long[] exact = new long[capacity];
        long[] chunk = new long[capacity];
        int[] sourceId = new int[capacity];
        int[] keywordId = new int[capacity];
        byte[] existing = new byte[capacity];
        long[] bands = nearDuplicates ? new long[capacity * TextSignature.BANDS] : null;
        Map<String, Integer> sources = new HashMap<>();
        Map<String, Integer> keywords = new HashMap<>();
        List<String> sourceNames = new ArrayList<>();
        List<String> keywordNames = new ArrayList<>();
        Map<String, Long> sourceCounts = new TreeMap<>();
        Map<String, Long> keywordCounts = new TreeMap<>();
        Map<String, Long> existingCounts = new TreeMap<>();
        int n = 0;
        long rejected = 0;
        long checksum = 0;
        try (SampleReader reader = SampleReader.open(input.toString());
             DataOutputStream sigOut = sigFile == null ? null
                     : new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(sigFile), 1 << 16))) {
            for (SampleReader.Entry entry : reader) {
                checksum = checksum * 31 + Arrays.hashCode(entry.line().bytes());
                if (!entry.ok()) {
                    rejected++;
                    continue;
                }
                if (n == MAX_SAMPLES) {
                    throw new SplitException(input + ": more than " + MAX_SAMPLES + " samples; split the file first", false);
                }
                if (n == capacity) {
                    capacity *= 2;
                    exact = Arrays.copyOf(exact, capacity);
                    chunk = Arrays.copyOf(chunk, capacity);
                    sourceId = Arrays.copyOf(sourceId, capacity);
                    keywordId = Arrays.copyOf(keywordId, capacity);
                    existing = Arrays.copyOf(existing, capacity);
                    if (bands != null) bands = Arrays.copyOf(bands, capacity * TextSignature.BANDS);
                }
                Sample s = entry.sample();
                String text = TextSignature.normalizedText(s);
                exact[n] = TextSignature.exactHash(text);
                String source = s.metadata().sourceFile() == null || s.metadata().sourceFile().isBlank() ? NONE : s.metadata().sourceFile();
                Object chunkId = s.metadata().get("chunk_id");
                chunk[n] = chunkId == null ? 0 : TextSignature.hash64(source + "\u0000" + chunkId) | 1; // never 0 = none
                sourceId[n] = sources.computeIfAbsent(source, k -> {
                    sourceNames.add(k);
                    return sourceNames.size() - 1;
                });
                sourceCounts.merge(source, 1L, Long::sum);
                List<String> kws = cleanKeywords(s.metadata().keywords());
                String primary = kws.isEmpty() ? NONE : kws.get(0);
                keywordId[n] = keywords.computeIfAbsent(primary, k -> {
                    keywordNames.add(k);
                    return keywordNames.size() - 1;
                });
                if (kws.isEmpty()) keywordCounts.merge(NONE, 1L, Long::sum);
                for (String k : kws) keywordCounts.merge(k, 1L, Long::sum);
                Side own = Side.parse(s.metadata().split());
                existing[n] = (byte) (own == null ? -1 : own.ordinal());
                if (own != null) existingCounts.merge(own.id(), 1L, Long::sum);
                if (bands != null) {
                    int[] sig = TextSignature.minHash(text);
                    for (int v : sig) sigOut.writeInt(v);
                    for (int b = 0; b < TextSignature.BANDS; b++) bands[n * TextSignature.BANDS + b] = pack(TextSignature.bandKey(sig, b), n);
                }
                n++;
            }
        }

        UnionFind uf = new UnionFind(n);
        // Exact duplicates: equal 64-bit hashes of the normalised text.
        int exactGroups = 0;
        int exactSamples = 0;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) packed[i] = pack(exact[i], i);
        Arrays.sort(packed);
        for (int i = 0; i < n; ) {
            int j = i;
            int members = 1;
            int first = ordinal(packed[i]);
            while (j + 1 < n && sameKey(packed[j + 1], packed[i])) {
                j++;
                int o = ordinal(packed[j]);
                if (exact[o] == exact[first]) {
                    uf.union(first, o);
                    members++;
                }
            }
            if (members > 1) {
                exactGroups++;
                exactSamples += members;
            }
            i = j + 1;
        }
        // Samples cut from one source chunk.
        int chunkGroups = 0;
        int chunkSamples = 0;
        int withChunk = 0;
        for (int i = 0; i < n; i++) if (chunk[i] != 0) packed[withChunk++] = pack(chunk[i], i);
        Arrays.sort(packed, 0, withChunk);
        for (int i = 0; i < withChunk; ) {
            int j = i;
            int members = 1;
            int first = ordinal(packed[i]);
            while (j + 1 < withChunk && sameKey(packed[j + 1], packed[i])) {
                j++;
                int o = ordinal(packed[j]);
                if (chunk[o] == chunk[first]) {
                    uf.union(first, o);
                    members++;
                }
            }
            if (members > 1) {
                chunkGroups++;
                chunkSamples += members;
            }
            i = j + 1;
        }
        packed = null;
        // Near-duplicates: candidates share a MinHash band; a candidate joins only if the signatures agree enough.
        int nearMerges = 0;
        if (bands != null && n > 1) {
            int total = n * TextSignature.BANDS;
            Arrays.sort(bands, 0, total);
            try (FileChannel ch = FileChannel.open(sigFile, StandardOpenOption.READ)) {
                Signatures sigs = new Signatures(ch, n);
                int[] reps = new int[REPRESENTATIVES];
                for (int i = 0; i < total; ) {
                    int j = i;
                    while (j + 1 < total && sameKey(bands[j + 1], bands[i])) j++;
                    if (j > i) {
                        int repCount = 0;
                        for (int k = i; k <= j; k++) {
                            int o = ordinal(bands[k]);
                            boolean joined = false;
                            for (int r = 0; r < repCount && !joined; r++) {
                                if (uf.find(o) == uf.find(reps[r])) {
                                    joined = true;
                                } else if (TextSignature.similarity(sigs.get(o), sigs.get(reps[r])) >= threshold) {
                                    uf.union(o, reps[r]);
                                    nearMerges++;
                                    joined = true;
                                }
                            }
                            if (!joined && repCount < REPRESENTATIVES) reps[repCount++] = o;
                        }
                    }
                    i = j + 1;
                }
            }
        }
        bands = null;

        // Dense component ids in order of each component's smallest ordinal: deterministic for a given input.
        int[] component = new int[n];
        int[] rootToComponent = new int[n];
        Arrays.fill(rootToComponent, -1);
        int components = 0;
        int[] sizes = new int[Math.max(1, n)];
        int kept = 0;
        int inKept = 0;
        int largest = n == 0 ? 0 : 1;
        for (int i = 0; i < n; i++) {
            int root = uf.find(i);
            if (rootToComponent[root] < 0) {
                rootToComponent[root] = components;
                int size = uf.sizeOf(root);
                sizes[components] = size;
                if (size > 1) {
                    kept++;
                    inKept += size;
                }
                largest = Math.max(largest, size);
                components++;
            }
            component[i] = rootToComponent[root];
        }
        GroupStats stats = new GroupStats(exactGroups, exactSamples, nearMerges, chunkGroups, chunkSamples, kept, inKept,
                largest, components);
        return new SplitAnalysis(input, n, rejected, checksum, Arrays.copyOf(sourceId, n), Arrays.copyOf(keywordId, n),
                Arrays.copyOf(existing, n), sourceNames, keywordNames, sourceCounts, keywordCounts, existingCounts,
                component, Arrays.copyOf(sizes, components), stats);
    }

    /** Trimmed, lower-cased, blank ones dropped, duplicates removed (order kept). */
    static List<String> cleanKeywords(List<String> keywords) {
        List<String> out = new ArrayList<>(keywords.size());
        for (String k : keywords) {
            if (k == null) continue;
            String c = k.trim().toLowerCase(Locale.ROOT);
            if (!c.isEmpty() && !out.contains(c)) out.add(c);
        }
        return out;
    }

    private static long pack(long keyHash, int ordinal) {
        return (keyHash & ~ORDINAL_MASK) | ordinal;
    }

    private static boolean sameKey(long a, long b) {
        return (a & ~ORDINAL_MASK) == (b & ~ORDINAL_MASK);
    }

    private static int ordinal(long packed) {
        return (int) (packed & ORDINAL_MASK);
    }

    /** Signatures read back from the temporary file, memory-mapped in 1 GiB windows (never on the heap). */
    private static final class Signatures {
        private static final long WINDOW = 1L << 30;
        private static final int BYTES = TextSignature.HASHES * 4;
        private final MappedByteBuffer[] windows;

        Signatures(FileChannel ch, int n) throws IOException {
            long size = (long) n * BYTES;
            windows = new MappedByteBuffer[(int) ((size + WINDOW - 1) / WINDOW)];
            for (int w = 0; w < windows.length; w++) {
                long from = w * WINDOW;
                windows[w] = ch.map(FileChannel.MapMode.READ_ONLY, from, Math.min(WINDOW, size - from));
            }
        }

        int[] get(int ordinal) {
            long at = (long) ordinal * BYTES;
            ByteBuffer b = windows[(int) (at / WINDOW)];
            int offset = (int) (at % WINDOW);
            int[] sig = new int[TextSignature.HASHES];
            for (int i = 0; i < sig.length; i++) sig[i] = b.getInt(offset + i * 4);
            return sig;
        }
    }
}
