package ftkit.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.GptBytePairEncodingParams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * Loads Meta's Llama 3 BPE ranks file ({@code tokenizer.model}, 128,000 lines of "base64 rank") into JTokkit.
 * The file is not shipped (its licence asks for attribution and a copy of the agreement): users point at their
 * own copy, and it is verified against the published checksum before use.
 */
public final class Llama3Tokenizer {
    /** md5 of models/llama3/tokenizer.model in meta-llama/llama-models (used by Llama 3, 3.1, 3.2 and 3.3). */
    public static final String MD5 = "08292403f8b173e7524d7fba7bbbd2d3";
    public static final int RANKS = 128_000;
    /** Llama 3's pre-tokenizer split pattern (from llama-models' tokenizer.py). */
    public static final String PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** Where users are told to look for it, in order: a flag, this variable, then the cache path. */
    public static final String ENV = "FTKIT_LLAMA3_TOKENIZER";

    private static final Map<Path, Encoding> LOADED = new HashMap<>();
    /**
     * Text that spells a special token. Hugging Face tokenizers (and the reference llama3-tokenizer-js) turn such
     * text into the special token itself, so a trainer sees one token where plain BPE would see several.
     */
    public static final Pattern SPECIAL_TEXT = Pattern.compile(
            "<\\|(?:begin_of_text|end_of_text|start_header_id|end_header_id|eot_id|eom_id|python_tag|finetune_right_pad_id|step_id|reserved_special_token_\\d+)\\|>");

    private Llama3Tokenizer() {
    }

    /** The default cache location: ~/.cache/ftkit/tokenizers/llama3/tokenizer.model. */
    public static Path cachePath() {
        return Path.of(System.getProperty("user.home"), ".cache", "ftkit", "tokenizers", "llama3", "tokenizer.model");
    }

    /** The first of flag, environment, cache that names an existing file, or null. */
    public static Path locate(String flagValue, Map<String, String> env) {
        if (flagValue != null && !flagValue.isBlank()) return Path.of(flagValue);
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return Path.of(fromEnv);
        Path cached = cachePath();
        return Files.isRegularFile(cached) ? cached : null;
    }

    /** Token ids as a trainer's tokenizer produces them: special-token text becomes the special token. */
    public static IntArrayList encode(Encoding encoding, String text) {
        IntArrayList out = new IntArrayList();
        Matcher m = SPECIAL_TEXT.matcher(text);
        int last = 0;
        while (m.find()) {
            append(out, encoding.encodeOrdinary(text.substring(last, m.start())));
            out.add(specialId(m.group()));
            last = m.end();
        }
        append(out, encoding.encodeOrdinary(text.substring(last)));
        return out;
    }

    /** The token count of {@link #encode}, without building the id list when there is no special-token text. */
    public static int count(Encoding encoding, String text) {
        if (text.indexOf("<|") < 0) return encoding.countTokensOrdinary(text);
        return encode(encoding, text).size();
    }

    private static void append(IntArrayList out, IntArrayList more) {
        for (int i = 0; i < more.size(); i++) out.add(more.get(i));
    }

    static int specialId(String token) {
        String name = token.substring(2, token.length() - 2);
        return switch (name) {
            case "begin_of_text" -> 128000;
            case "end_of_text" -> 128001;
            case "finetune_right_pad_id" -> 128004;
            case "step_id" -> 128005;
            case "start_header_id" -> 128006;
            case "end_header_id" -> 128007;
            case "eom_id" -> 128008;
            case "eot_id" -> 128009;
            case "python_tag" -> 128010;
            default -> {
                // reserved_special_token_0..1 sit at 128002..128003, _2 at 128011, then consecutively.
                int n = Integer.parseInt(name.substring("reserved_special_token_".length()));
                yield n < 2 ? 128002 + n : 128009 + n;
            }
        };
    }

    /** Loads (once per path) and verifies the ranks file. */
    public static synchronized Encoding load(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        Encoding cached = LOADED.get(key);
        if (cached != null) return cached;
        if (!Files.isRegularFile(file)) throw new IOException(file + ": Llama 3 tokenizer file not found");
        Map<byte[], Integer> ranks = new HashMap<>(RANKS * 2);
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream raw = new DigestInputStream(Files.newInputStream(file), md5);
             BufferedReader in = new BufferedReader(new java.io.InputStreamReader(raw, StandardCharsets.US_ASCII))) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) continue;
                int space = line.indexOf(' ');
                if (space < 0) throw new IOException(file + ":" + lineNo + ": expected 'base64 rank'");
                try {
                    ranks.put(Base64.getDecoder().decode(line.substring(0, space)), Integer.parseInt(line.substring(space + 1).trim()));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ":" + lineNo + ": expected 'base64 rank': " + e.getMessage());
                }
            }
        }
        String actual = HexFormat.of().formatHex(md5.digest());
        if (!MD5.equals(actual)) {
            throw new IOException(file + ": checksum mismatch (md5 " + actual + ", expected " + MD5
                    + "): this is not Meta's Llama 3 tokenizer.model");
        }
        Map<String, Integer> specials = new HashMap<>();
        specials.put("<|begin_of_text|>", 128000);
        specials.put("<|end_of_text|>", 128001);
        specials.put("<|start_header_id|>", 128006);
        specials.put("<|end_header_id|>", 128007);
        specials.put("<|eom_id|>", 128008);
        specials.put("<|eot_id|>", 128009);
        specials.put("<|python_tag|>", 128010);
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        registry.registerGptBytePairEncoding(new GptBytePairEncodingParams("llama3-" + LOADED.size(),
                Pattern.compile(PATTERN, Pattern.UNICODE_CHARACTER_CLASS), ranks, specials));
        Encoding encoding = registry.getEncoding("llama3-" + LOADED.size()).orElseThrow();
        LOADED.put(key, encoding);
        return encoding;
    }
}
