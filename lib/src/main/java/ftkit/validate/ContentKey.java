package ftkit.validate;

import ftkit.model.Message;
import ftkit.model.Sample;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * A 128-bit fingerprint of a sample's conversation after normalisation (Unicode NFKC, case folded, runs of
 * white space collapsed, trimmed), so that copies differing only in case, spacing or Unicode form compare equal.
 * Metadata and ids are ignored: two records teaching the same thing are duplicates.
 */
public record ContentKey(long high, long low) {

    public static ContentKey of(Sample sample) {
        MessageDigest md = sha256();
        update(md, "system", sample.system());
        for (Message m : sample.messages()) {
            String content = m.content();
            if (m.hasToolCalls()) {
                StringBuilder sb = new StringBuilder(content == null ? "" : content);
                m.toolCalls().forEach(c -> sb.append('\u0001').append(c.name()).append('\u0001').append(c.arguments()));
                content = sb.toString();
            }
            update(md, m.role(), content);
        }
        ByteBuffer digest = ByteBuffer.wrap(md.digest());
        return new ContentKey(digest.getLong(), digest.getLong());
    }

    static String normalise(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space && sb.length() > 0) sb.append(' ');
                space = false;
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void update(MessageDigest md, String role, String content) {
        md.update(role.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        if (content != null) {
            if (!updateAscii(md, content)) md.update(normalise(content).getBytes(StandardCharsets.UTF_8));
        }
        md.update((byte) 0);
    }

    /**
     * The same normalisation as {@link #normalise} for pure-ASCII text (where NFKC changes nothing), in one pass
     * straight into the digest: most datasets are mostly ASCII, and this is validate's hot path.
     * Returns false, having fed nothing, when the text is not ASCII.
     */
    private static boolean updateAscii(MessageDigest md, String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) if (text.charAt(i) >= 0x80) return false;
        byte[] buf = new byte[Math.min(n + 1, 8192)];
        int len = 0;
        boolean space = false;
        boolean any = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) {
                space = true;
                continue;
            }
            if (len + 2 > buf.length) {
                md.update(buf, 0, len);
                len = 0;
            }
            if (space && any) buf[len++] = ' ';
            space = false;
            any = true;
            buf[len++] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        md.update(buf, 0, len);
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
