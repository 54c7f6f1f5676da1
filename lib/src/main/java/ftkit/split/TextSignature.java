package ftkit.split;

import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.ToolCall;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the leakage checks compare. The text of a sample is its non-system turns (a system prompt shared by a
 * whole dataset is not leakage), each as "role: content" plus tool calls, normalised: Unicode NFKC, lower case,
 * whitespace runs collapsed to one space, trimmed. Exact duplicates share {@link #exactHash} (64 bits of SHA-256
 * of that text). Near-duplicates are found by MinHash: {@link #HASHES} minimum hashes over word 3-gram shingles,
 * whose agreement rate estimates the Jaccard similarity of the two shingle sets.
 */
public final class TextSignature {
    /** Signature length: 128 values estimate a Jaccard similarity with a standard error of at most 0.045. */
    public static final int HASHES = 128;
    /** Candidate pairs share one of 16 bands of 4 values (taken from the first 64): found at similarity 0.7 with p = 0.99. */
    public static final int BANDS = 16;
    public static final int ROWS = 4;
    private static final int SHINGLE = 3;
    private static final long[] SEEDS = new long[HASHES];
    private static final long[] MULTIPLIERS = new long[HASHES];

    static {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < HASHES; i++) {
            x = mix(x + 0x632BE59BD9B4E019L);
            SEEDS[i] = x;
            x = mix(x + 0x632BE59BD9B4E019L);
            MULTIPLIERS[i] = x | 1;
        }
    }

    private TextSignature() {
    }

    public static String normalizedText(Sample sample) {
        StringBuilder sb = new StringBuilder();
        for (Message m : sample.messages()) {
            if (Message.SYSTEM.equals(m.role())) continue;
            sb.append(m.role()).append(": ").append(m.contentOrEmpty());
            if (m.hasToolCalls()) {
                for (ToolCall c : m.toolCalls()) sb.append(" call ").append(c.name()).append(' ').append(c.arguments());
            }
            sb.append('\n');
        }
        return normalize(sb.toString());
    }

    public static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return s.replaceAll("\\s+", " ").trim();
    }

    public static long exactHash(String normalizedText) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(normalizedText.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xFF);
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The MinHash signature of the text's word 3-grams (a text of fewer words is one shingle). */
    public static int[] minHash(String normalizedText) {
        List<Long> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= normalizedText.length(); i++) {
            boolean wordChar = i < normalizedText.length() && Character.isLetterOrDigit(normalizedText.charAt(i));
            if (wordChar && start < 0) start = i;
            if (!wordChar && start >= 0) {
                words.add(stringHash(normalizedText, start, i));
                start = -1;
            }
        }
        int[] sig = new int[HASHES];
        java.util.Arrays.fill(sig, Integer.MAX_VALUE);
        int shingles = Math.max(1, words.size() - SHINGLE + 1);
        for (int s = 0; s < shingles; s++) {
            long h = 0x51AFD7ED558CCD1L;
            for (int w = s; w < Math.min(words.size(), s + SHINGLE); w++) h = mix(h * 31 + words.get(w));
            for (int i = 0; i < HASHES; i++) {
                // Multiply-shift over an already well-mixed shingle hash: one of HASHES cheap independent-enough orders.
                int v = (int) (((h ^ SEEDS[i]) * MULTIPLIERS[i]) >>> 33);
                if (v < sig[i]) sig[i] = v;
            }
        }
        return sig;
    }

    /** The fraction of equal positions: an estimate of the Jaccard similarity of the shingle sets. */
    public static double similarity(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < HASHES; i++) if (a[i] == b[i]) same++;
        return same / (double) HASHES;
    }

    /** One hash per band of {@link #ROWS} signature values: samples sharing a band key are candidate near-duplicates. */
    public static long bandKey(int[] sig, int band) {
        return bandKey(sig, band, ROWS);
    }

    /** The key of band {@code band} when bands are {@code rows} values wide (ftkit.quality picks rows from its threshold). */
    public static long bandKey(int[] sig, int band, int rows) {
        long h = mix(band + 1L);
        for (int r = band * rows; r < (band + 1) * rows; r++) h = mix(h ^ (sig[r] & 0xFFFFFFFFL));
        return h;
    }

    private static long stringHash(String s, int from, int to) {
        long h = 1125899906842597L;
        for (int i = from; i < to; i++) h = 31 * h + s.charAt(i);
        return mix(h);
    }

    /** SplitMix64's finaliser: a fast, well-spread 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash64(String s) {
        return s == null ? 0 : stringHash(s, 0, s.length());
    }
}
