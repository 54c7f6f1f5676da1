package ftkit.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Token counts of every example in a chat JSONL file ({@code {"messages": [...]}} per line), plus the lines
 * that could not be read. Holds only the per-example figures, not the examples, so memory stays small.
 *
 * <p><b>Temporary reader and counter.</b> {@link #read} parses with Jackson and counts with JTokkit o200k_base
 * using OpenAI's chat overhead (3 tokens per message, 1 per name, 3 to prime the reply). It is to be replaced
 * by {@code ftkit.io.JsonlReader} and the provider token counters of {@code ftkit.tokens}; notebooks call only
 * {@link #read}, so the swap happens here and not in any notebook.
 */
public record DatasetTokens(String source, String tokenizer, List<ExampleTokens> examples, List<String> problems) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_NAME = 1;
    private static final int REPLY_PRIMING_TOKENS = 3;

    /** Loading o200k_base takes seconds; once per JVM is enough. */
    private static final class O200k {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    public DatasetTokens {
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
    }

    /** Reads a chat JSONL file; a bad line becomes a problem ("file:line: reason") and reading goes on. */
    public static DatasetTokens read(String path) throws IOException {
        Path file = Path.of(path);
        if (Files.isDirectory(file)) throw new IOException(path + ": is a directory, expected a JSONL file");
        Encoding encoding = O200k.ENCODING;
        List<ExampleTokens> examples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank()) {
                    problems.add(path + ":" + lineNumber + ": blank line");
                    continue;
                }
                try {
                    examples.add(count(lineNumber, MAPPER.readTree(line), encoding));
                } catch (IOException | IllegalArgumentException e) {
                    String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? "invalid JSON: " + j.getOriginalMessage() : e.getMessage();
                    problems.add(path + ":" + lineNumber + ": " + reason);
                }
            }
        } catch (NoSuchFileException e) {
            throw new IOException(path + ": no such file", e);
        }
        return new DatasetTokens(path, "o200k_base (OpenAI chat)", examples, problems);
    }

    private static ExampleTokens count(long line, JsonNode example, Encoding encoding) {
        JsonNode messages = example.path("messages");
        if (!messages.isArray() || messages.isEmpty()) throw new IllegalArgumentException("no \"messages\" array");
        int tokens = REPLY_PRIMING_TOKENS;
        int userTurns = 0;
        String system = "";
        String firstUser = null;
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            if (role.isEmpty()) throw new IllegalArgumentException("a message without a \"role\"");
            String content = text(message.path("content"));
            tokens += TOKENS_PER_MESSAGE + encoding.countTokens(role) + encoding.countTokens(content);
            if (message.hasNonNull("name")) tokens += TOKENS_PER_NAME + encoding.countTokens(message.get("name").asText());
            if (role.equals("system") && system.isEmpty()) system = content;
            if (role.equals("user")) {
                userTurns++;
                if (firstUser == null) firstUser = content;
            }
        }
        return new ExampleTokens(line, messages.size(), userTurns, tokens, system,
                ExampleTokens.preview(firstUser == null ? "" : firstUser));
    }

    /** A string content, or the text parts of a multi-part content; anything else counts as no text. */
    private static String text(JsonNode content) {
        if (content.isTextual()) return content.asText();
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asText("")));
            return text.toString();
        }
        return "";
    }

    public List<Integer> tokenCounts() {
        return examples.stream().map(ExampleTokens::tokens).toList();
    }

    /** Token counts grouped by a key, groups in first-seen order: the input of {@link Tables#tokenSummary}. */
    public Map<String, List<Integer>> tokensBy(Function<ExampleTokens, String> key) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (ExampleTokens example : examples) {
            groups.computeIfAbsent(key.apply(example), k -> new ArrayList<>()).add(example.tokens());
        }
        return groups;
    }

    /** Examples with more tokens than the limit, longest first. */
    public List<ExampleTokens> overLimit(int limit) {
        List<ExampleTokens> over = new ArrayList<>(examples.stream().filter(e -> e.tokens() > limit).toList());
        over.sort(Comparator.comparingInt(ExampleTokens::tokens).reversed());
        return Collections.unmodifiableList(over);
    }

    /** The n longest examples, longest first. */
    public List<ExampleTokens> longest(int n) {
        return examples.stream().sorted(Comparator.comparingInt(ExampleTokens::tokens).reversed()).limit(n).toList();
    }

    /** Examples as a table: line, messages, user_turns, tokens, first_user. */
    public static Table table(String name, List<ExampleTokens> examples) {
        return Table.create(name,
                LongColumn.create("line", examples.stream().mapToLong(ExampleTokens::line).toArray()),
                IntColumn.create("messages", examples.stream().mapToInt(ExampleTokens::messages).toArray()),
                IntColumn.create("user_turns", examples.stream().mapToInt(ExampleTokens::userTurns).toArray()),
                IntColumn.create("tokens", examples.stream().mapToInt(ExampleTokens::tokens).toArray()),
                StringColumn.create("first_user", examples.stream().map(ExampleTokens::firstUser).toList()));
    }
}
