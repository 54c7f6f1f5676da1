package ftkit.io;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The record shapes users already have, recognised per line. {@link #detect} looks only at which keys a
 * record has, so it is cheap enough to run on every line; a user can force one with {@code --input-format}.
 */
public enum RecordFormat {
    /** This project's own sample: {@code messages} plus {@code metadata} (and optional id, system, tools). */
    CANONICAL("canonical", "ftkit sample {id, system, messages, tools, metadata}"),
    /** OpenAI chat fine-tuning (also Mistral, Together, Fireworks, TRL conversational): {@code {messages, tools?}}. */
    OPENAI_CHAT("openai-chat", "OpenAI chat {messages:[{role, content}]}"),
    /** Amazon Bedrock Claude 3 Haiku: {@code {system?, messages}} with strictly alternating user/assistant. */
    BEDROCK_CLAUDE("bedrock-claude", "Bedrock Claude {system, messages}"),
    /** Amazon Bedrock conversation schema (Llama 3.2/3.3): {@code {schemaVersion, system:[{text}], messages:[{role, content:[{text}]}]}}. */
    BEDROCK_CONVERSE("bedrock-converse", "Bedrock conversation schema {schemaVersion:\"bedrock-conversation-2024\", system, messages}"),
    /** Vertex AI Gemini supervised tuning: {@code {systemInstruction?, contents:[{role, parts}]}}. */
    VERTEX_GEMINI("vertex-gemini", "Vertex Gemini {systemInstruction, contents:[{role, parts}]}"),
    /** Alpaca: {@code {instruction, input?, output}}. */
    ALPACA("alpaca", "Alpaca {instruction, input, output}"),
    /** ShareGPT (LLaMA-Factory, Axolotl, torchtune): {@code {conversations:[{from, value}]}}. */
    SHAREGPT("sharegpt", "ShareGPT {conversations:[{from, value}]}"),
    /** Prompt/completion (Bedrock Llama 3.1, TRL, Together): {@code {prompt, completion}}. */
    PROMPT_COMPLETION("prompt-completion", "prompt/completion {prompt, completion}");

    private final String id;
    private final String description;

    RecordFormat(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The format a record looks like, or null if it matches none. */
    public static RecordFormat detect(JsonNode record) {
        if (record == null || !record.isObject()) return null;
        if (record.has("contents")) return VERTEX_GEMINI;
        if (record.has("conversations")) return SHAREGPT;
        if (record.has("instruction") && record.has("output")) return ALPACA;
        if (record.has("messages")) {
            if (record.has("schemaVersion")) return BEDROCK_CONVERSE;
            if (record.has("metadata")) return CANONICAL;
            if (record.path("system").isTextual()) return BEDROCK_CLAUDE;
            return OPENAI_CHAT;
        }
        if (record.has("prompt") && record.has("completion")) return PROMPT_COMPLETION;
        return null;
    }

    public static RecordFormat fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (RecordFormat f : values()) {
            if (f.id.equals(wanted)) return f;
        }
        throw new IllegalArgumentException("unknown input format '" + id + "'; expected one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(RecordFormat::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
