package ftkit.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama chat. Request: {@code model}, {@code messages[{role, content}]}, {@code format} ("json" or a JSON schema
 * object), {@code options{temperature, num_predict}}, {@code stream} (must be false here). Reply: {@code message},
 * {@code done}, {@code done_reason}, {@code prompt_eval_count}, {@code eval_count}. A local Ollama takes no key; a
 * bearer token is read when a proxy in front of it asks for one.
 */
final class OllamaDialect extends Dialect {

    @Override
    String presentedKey(Headers headers, String query) {
        return bearerToken(headers);
    }

    @Override
    ChatCall parse(JsonNode body, String modelFromPath) throws BadRequestException {
        String model = requireText(body, "model");
        if (body.path("stream").asBoolean(true)) {
            // Ollama streams unless told not to; LangChain4j's OllamaChatModel sends stream=false.
            throw new BadRequestException("streaming is not supported by FakeLlmServer; send \"stream\": false");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new BadRequestException("messages must be a non-empty array");
        }
        StringBuilder system = new StringBuilder();
        List<ChatCall.Turn> turns = new ArrayList<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            String text = message.path("content").asText("");
            if (role.equals("system")) {
                system.append(system.length() > 0 ? "\n" : "").append(text);
            } else {
                turns.add(new ChatCall.Turn(role, text));
            }
        }
        JsonNode format = body.get("format");
        JsonNode schema = format != null && format.isObject() ? format : null;
        boolean jsonMode = schema != null || (format != null && format.asText("").equals("json"));
        JsonNode options = body.path("options");
        return new ChatCall(Route.OLLAMA, model, system.toString(), turns, schema, jsonMode,
                intOrNull(options.get("num_predict")), doubleOrNull(options.get("temperature")));
    }

    @Override
    ObjectNode reply(ChatCall call, String text, boolean truncated, Usage usage, long requestNumber) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", call.model());
        body.put("created_at", Instant.now().toString());
        ObjectNode message = body.putObject("message");
        message.put("role", "assistant");
        message.put("content", text);
        body.put("done_reason", truncated ? "length" : "stop");
        body.put("done", true);
        body.put("prompt_eval_count", usage.inputTokens());
        body.put("eval_count", usage.outputTokens());
        return body;
    }

    @Override
    ObjectNode error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        return body;
    }
}
