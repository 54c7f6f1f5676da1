package ftkit.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic messages. Request: {@code model}, {@code system} (string or text blocks), {@code messages[{role,
 * content: string | [{type:"text", text}]}]}, {@code max_tokens} (required), {@code temperature}, structured output
 * as {@code output_config:{format:{type:"json_schema", schema}}}. Headers {@code x-api-key} and
 * {@code anthropic-version}.
 */
final class AnthropicDialect extends Dialect {

    @Override
    String presentedKey(Headers headers, String query) {
        return nonBlank(headers.getFirst("x-api-key"));
    }

    @Override
    String missingRequiredHeader(Headers headers) {
        return nonBlank(headers.getFirst("anthropic-version")) == null
                ? "anthropic-version: header is required"
                : null;
    }

    @Override
    ChatCall parse(JsonNode body, String modelFromPath) throws BadRequestException {
        String model = requireText(body, "model");
        if (body.path("stream").asBoolean(false)) {
            throw new BadRequestException("streaming is not supported by FakeLlmServer; send stream=false");
        }
        Integer maxTokens = intOrNull(body.get("max_tokens"));
        if (maxTokens == null || maxTokens < 1) {
            throw new BadRequestException("max_tokens: Field required");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new BadRequestException("messages: at least one message is required");
        }
        List<ChatCall.Turn> turns = new ArrayList<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new BadRequestException("messages: role must be 'user' or 'assistant', got '" + role + "'");
            }
            turns.add(new ChatCall.Turn(role, contentText(message.get("content"))));
        }
        JsonNode format = body.path("output_config").path("format");
        if (format.isMissingNode()) {
            format = body.path("output_format");
        }
        JsonNode schema = format.path("type").asText("").equals("json_schema") ? format.get("schema") : null;
        return new ChatCall(Route.ANTHROPIC, model, contentText(body.get("system")), turns, schema, schema != null,
                maxTokens, doubleOrNull(body.get("temperature")));
    }

    @Override
    ObjectNode reply(ChatCall call, String text, boolean truncated, Usage usage, long requestNumber) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "msg_fake_" + requestNumber);
        body.put("type", "message");
        body.put("role", "assistant");
        body.put("model", call.model());
        ObjectNode block = body.putArray("content").addObject();
        block.put("type", "text");
        block.put("text", text);
        body.put("stop_reason", truncated ? "max_tokens" : "end_turn");
        body.putNull("stop_sequence");
        ObjectNode usageNode = body.putObject("usage");
        usageNode.put("input_tokens", usage.inputTokens());
        usageNode.put("output_tokens", usage.outputTokens());
        return body;
    }

    @Override
    ObjectNode error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "error");
        ObjectNode error = body.putObject("error");
        error.put("type", errorType(status));
        error.put("message", message);
        return body;
    }

    private static String errorType(int status) {
        switch (status) {
            case 400:
                return "invalid_request_error";
            case 401:
                return "authentication_error";
            case 403:
                return "permission_error";
            case 404:
                return "not_found_error";
            case 429:
                return "rate_limit_error";
            case 503:
            case 529:
                return "overloaded_error";
            default:
                return status >= 500 ? "api_error" : "invalid_request_error";
        }
    }
}
