package ftkit.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini generateContent. The model is in the path; the key in {@code x-goog-api-key} (or the older {@code key=}
 * query parameter). Request: {@code contents[{role: user|model, parts[{text}]}]}, {@code systemInstruction
 * {parts[{text}]}}, {@code generationConfig{responseMimeType, responseSchema | responseJsonSchema,
 * maxOutputTokens, temperature}}. Reply: {@code candidates[{content, finishReason}]} and {@code usageMetadata}.
 */
final class GeminiDialect extends Dialect {

    @Override
    String presentedKey(Headers headers, String query) {
        String header = nonBlank(headers.getFirst("x-goog-api-key"));
        if (header != null || query == null) {
            return header;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("key=")) {
                return nonBlank(URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    @Override
    ChatCall parse(JsonNode body, String modelFromPath) throws BadRequestException {
        JsonNode contents = body.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            throw new BadRequestException("* GenerateContentRequest.contents: contents is not specified");
        }
        List<ChatCall.Turn> turns = new ArrayList<>();
        for (JsonNode content : contents) {
            String role = normalizeRole(content.path("role").asText("user"));
            turns.add(new ChatCall.Turn(role, contentText(content.get("parts"))));
        }
        JsonNode system = body.path("systemInstruction");
        if (system.isMissingNode()) {
            system = body.path("system_instruction");
        }
        JsonNode config = body.path("generationConfig");
        JsonNode schema = config.get("responseJsonSchema");
        if (schema == null || schema.isNull()) {
            schema = config.get("responseSchema");
        }
        if (schema != null && schema.isNull()) {
            schema = null;
        }
        boolean jsonMode = config.path("responseMimeType").asText("").equals("application/json");
        return new ChatCall(Route.GEMINI, modelFromPath, contentText(system.get("parts")), turns, schema, jsonMode,
                intOrNull(config.get("maxOutputTokens")), doubleOrNull(config.get("temperature")));
    }

    @Override
    ObjectNode reply(ChatCall call, String text, boolean truncated, Usage usage, long requestNumber) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode candidate = body.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", text);
        content.put("role", "model");
        candidate.put("finishReason", truncated ? "MAX_TOKENS" : "STOP");
        candidate.put("index", 0);
        ObjectNode usageNode = body.putObject("usageMetadata");
        usageNode.put("promptTokenCount", usage.inputTokens());
        usageNode.put("candidatesTokenCount", usage.outputTokens());
        usageNode.put("totalTokenCount", usage.total());
        body.put("modelVersion", call.model());
        body.put("responseId", "fake-" + requestNumber);
        return body;
    }

    @Override
    ObjectNode error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", status);
        error.put("message", message);
        error.put("status", statusName(status));
        return body;
    }

    private static String statusName(int status) {
        switch (status) {
            case 400:
                return "INVALID_ARGUMENT";
            case 401:
                return "UNAUTHENTICATED";
            case 403:
                return "PERMISSION_DENIED";
            case 404:
                return "NOT_FOUND";
            case 429:
                return "RESOURCE_EXHAUSTED";
            case 503:
                return "UNAVAILABLE";
            case 504:
                return "DEADLINE_EXCEEDED";
            default:
                return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        }
    }
}
