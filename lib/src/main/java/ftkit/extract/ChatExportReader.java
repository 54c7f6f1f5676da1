package ftkit.extract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.io.RecordConverter;
import ftkit.io.RecordException;
import ftkit.io.RecordFormat;
import ftkit.model.Message;
import ftkit.model.Sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat exports in JSON or JSONL: records in any format {@link RecordFormat} knows (OpenAI messages, ShareGPT,
 * Alpaca …), ChatGPT's {@code conversations.json} (a {@code mapping} tree followed from {@code current_node}),
 * Claude's export ({@code chat_messages} with {@code sender}/{@code text}) and a bare array of
 * {@code {role, content}} turns. Message contents are the JSON string values, only trimmed. Streams: one record
 * in memory at a time.
 */
public final class ChatExportReader {
    /** One conversation with where it was in the file ({@code line} for JSONL, {@code record} for a JSON array). */
    public record Conversation(Sample sample, Map<String, Object> locator) {
    }

    /** What a file held: conversations, and how many records were not chats (with the first reason). */
    public record Result(List<Conversation> conversations, int rejected, String firstRejection) {
    }

    /** Reads one value at a time from a stream of many: trailing values are the next records, not an error. */
    private static final com.fasterxml.jackson.databind.ObjectReader ONE_VALUE = Json.MAPPER.reader()
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ChatExportReader() {
    }

    /** The conversations in the file, or null when it is not a chat export (the caller then reads it as text). */
    public static Result read(Path file) throws IOException {
        return SourceReader.extension(file).equals("jsonl") ? readLines(file) : readJson(file);
    }

    private static Result readLines(Path file) throws IOException {
        List<Conversation> out = new ArrayList<>();
        int rejected = 0;
        String firstRejection = null;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                String why;
                try {
                    JsonNode node = Json.MAPPER.readTree(line);
                    Conversation c = convert(node, Map.of("line", number));
                    if (c != null) {
                        out.add(c);
                        continue;
                    }
                    why = "line " + number + ": not a chat record";
                } catch (IOException | RuntimeException e) {
                    why = "line " + number + ": not JSON (" + e.getClass().getSimpleName() + ")";
                }
                if (out.isEmpty() && rejected == 0) {
                    // the first record decides whether this is a chat export at all
                    return null;
                }
                rejected++;
                if (firstRejection == null) firstRejection = why;
            }
        } catch (java.nio.charset.MalformedInputException e) {
            return null;
        }
        return out.isEmpty() ? null : new Result(out, rejected, firstRejection);
    }

    private static Result readJson(Path file) throws IOException {
        List<Conversation> out = new ArrayList<>();
        int rejected = 0;
        String firstRejection = null;
        try (InputStream in = Files.newInputStream(file); JsonParser p = Json.MAPPER.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                JsonNode node = ONE_VALUE.readTree(p);
                Conversation c = convert(node, Map.of("record", 1));
                return c == null ? null : new Result(List.of(c), 0, null);
            }
            if (first != JsonToken.START_ARRAY) return null;
            int index = 0;
            List<JsonNode> bareTurns = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                index++;
                JsonNode node = ONE_VALUE.readTree(p);
                if (index == 1 && isBareTurn(node) || !bareTurns.isEmpty()) {
                    if (!isBareTurn(node)) return null;
                    bareTurns.add(node);
                    continue;
                }
                Conversation c = convert(node, Map.of("record", index));
                if (c != null) {
                    out.add(c);
                } else {
                    if (index == 1) return null;
                    rejected++;
                    if (firstRejection == null) firstRejection = "record " + index + ": not a chat record";
                }
            }
            if (!bareTurns.isEmpty()) {
                Conversation c = convert(Json.MAPPER.createObjectNode().set("messages",
                        Json.MAPPER.valueToTree(bareTurns)), Map.of("record", 1));
                return c == null ? null : new Result(List.of(c), 0, null);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (out.isEmpty()) return null;
            rejected++;
            if (firstRejection == null) firstRejection = "invalid JSON: " + e.getOriginalMessage();
        }
        return out.isEmpty() ? null : new Result(out, rejected, firstRejection);
    }

    private static boolean isBareTurn(JsonNode node) {
        return node.path("role").isTextual() && node.has("content") && node.size() <= 4;
    }

    /** One record as a conversation of trimmed, non-empty user/assistant (and system) turns, or null. */
    static Conversation convert(JsonNode node, Map<String, Object> where) {
        if (node == null || !node.isObject()) return null;
        Map<String, Object> locator = new LinkedHashMap<>(where);
        List<Message> turns = new ArrayList<>();
        String system = null;
        if (node.has("mapping") && node.get("mapping").isObject()) {
            turns = chatGptTurns(node);
            if (node.path("title").isTextual()) locator.put("title", node.get("title").asText());
        } else if (node.path("chat_messages").isArray()) {
            for (JsonNode m : node.get("chat_messages")) {
                String sender = m.path("sender").asText("");
                String role = sender.equals("human") ? Message.USER : sender.equals("assistant") ? Message.ASSISTANT : null;
                String text = m.path("text").isTextual() ? m.get("text").asText() : null;
                if (role != null && text != null) turns.add(new Message(role, text));
            }
            if (node.path("name").isTextual() && !node.get("name").asText().isBlank()) locator.put("title", node.get("name").asText());
        } else if (RecordFormat.detect(node) != null) {
            try {
                Sample s = RecordConverter.toSample(node);
                system = s.system();
                turns = s.messages();
            } catch (RecordException e) {
                return null;
            }
        } else {
            return null;
        }
        List<Message> kept = new ArrayList<>();
        for (Message m : turns) {
            if (m.content() == null || m.hasToolCalls()) continue;
            if (!Message.USER.equals(m.role()) && !Message.ASSISTANT.equals(m.role())) continue;
            String content = m.content().strip();
            if (content.isEmpty()) continue;
            kept.add(new Message(m.role(), content));
        }
        if (kept.stream().noneMatch(m -> Message.USER.equals(m.role()))
                || kept.stream().noneMatch(m -> Message.ASSISTANT.equals(m.role()))) {
            return null;
        }
        Sample sample = new Sample().messages(kept);
        if (system != null && !system.isBlank()) sample.system(system.strip());
        return new Conversation(sample, Collections.unmodifiableMap(locator));
    }

    /** ChatGPT export: walk from current_node to the root through parents, then read the path in order. */
    private static List<Message> chatGptTurns(JsonNode conversation) {
        JsonNode mapping = conversation.get("mapping");
        String id = conversation.path("current_node").asText(null);
        if (id == null) {
            // no current node: take the last leaf in document order
            var it = mapping.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getValue().path("children").isEmpty()) id = e.getKey();
            }
        }
        List<Message> reversed = new ArrayList<>();
        int guard = 0;
        while (id != null && mapping.has(id) && guard++ < 100_000) {
            JsonNode entry = mapping.get(id);
            JsonNode message = entry.path("message");
            if (message.isObject()) {
                String role = message.path("author").path("role").asText("");
                StringBuilder text = new StringBuilder();
                for (JsonNode part : message.path("content").path("parts")) {
                    if (part.isTextual()) {
                        if (!text.isEmpty()) text.append('\n');
                        text.append(part.asText());
                    }
                }
                if (!text.isEmpty()) reversed.add(new Message(role, text.toString()));
            }
            JsonNode parent = entry.get("parent");
            id = parent == null || parent.isNull() ? null : parent.asText();
        }
        Collections.reverse(reversed);
        return reversed;
    }
}
