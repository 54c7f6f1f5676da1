package ftkit.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat completions, also the OpenAI-compatible servers and Mistral, which differ only in their error body.
 * Request: {@code model}, {@code messages[{role, content: string | [{type:"text", text}]}]}, {@code response_format}
 * ({@code {type:"json_schema", json_schema:{name, strict, schema}}} or {@code {type:"json_object"}}),
 * {@code max_tokens} / {@code max_completion_tokens}, {@code temperature}.
 */
final class OpenAiDialect extends Dialect {

    private final Route route;
    private final boolean mistral;

    OpenAiDialect(Route route, boolean mistral) {
        this.route = route;
        this.mistral = mistral;
    }

    @Override
    String presentedKey(Headers headers, String query) {
        return bearerToken(headers);
    }

    @Override
    ChatCall parse(JsonNode body, String modelFromPath) throws BadRequestException {
        String model = requireText(body, "model");
        if (body.path("stream").asBoolean(false)) {
            throw new BadRequestException("streaming is not supported by FakeLlmServer; send stream=false");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new BadRequestException("'messages' must be a non-empty array");
        }
        StringBuilder system = new StringBuilder();
        List<ChatCall.Turn> turns = new ArrayList<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            String text = contentText(message.get("content"));
            if (role.equals("system") || role.equals("developer")) {
                system.append(system.length() > 0 ? "\n" : "").append(text);
            } else if (!role.isEmpty()) {
                turns.add(new ChatCall.Turn(role, text));
            } else {
                throw new BadRequestException("every message needs a 'role'");
            }
        }
        JsonNode format = body.path("response_format");
        String formatType = format.path("type").asText("text");
        JsonNode schema = formatType.equals("json_schema") ? format.path("json_schema").get("schema") : null;
        boolean jsonMode = formatType.equals("json_schema") || formatType.equals("json_object");
        Integer maxTokens = intOrNull(body.get("max_completion_tokens"));
        if (maxTokens == null) {
            maxTokens = intOrNull(body.get("max_tokens"));
        }
        return new ChatCall(route, model, system.toString(), turns, schema, jsonMode, maxTokens,
                doubleOrNull(body.get("temperature")));
    }

    @Override
    ObjectNode reply(ChatCall call, String text, boolean truncated, Usage usage, long requestNumber) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", (mistral ? "cmpl-fake-" : "chatcmpl-fake-") + requestNumber);
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", call.model());
        ArrayNode choices = body.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", text);
        choice.put("finish_reason", truncated ? "length" : "stop");
        ObjectNode usageNode = body.putObject("usage");
        usageNode.put("prompt_tokens", usage.inputTokens());
        usageNode.put("completion_tokens", usage.outputTokens());
        usageNode.put("total_tokens", usage.total());
        return body;
    }

    @Override
    ObjectNode error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        if (mistral) {
            body.put("object", "error");
            body.put("message", message);
            body.put("type", errorType(status));
            body.putNull("param");
            body.put("code", String.valueOf(status));
            return body;
        }
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", errorType(status));
        error.putNull("param");
        error.put("code", status == 401 ? "invalid_api_key" : status == 429 ? "rate_limit_exceeded" : null);
        return body;
    }

    private static String errorType(int status) {
        if (status == 401) {
            return "invalid_request_error";
        }
        if (status == 429) {
            return "requests";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }
}
