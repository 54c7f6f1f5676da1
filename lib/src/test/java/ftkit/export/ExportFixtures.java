package ftkit.export;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.io.JsonlWriter;
import ftkit.io.RecordFormat;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;
import ftkit.model.ToolCall;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Canonical samples that exercise what formats differ on: system prompts, turns, tool calls, weights. */
final class ExportFixtures {
    static final ProviderRegistry REGISTRY = ProviderRegistry.bundled();

    /** One target per record format of the registry (a target where one exists). */
    static final List<String> TARGET_PER_FORMAT = List.of(
            "openai/gpt-4o-mini-2024-07-18",      // openai-chat
            "mistral/open-mistral-7b",            // mistral-chat
            "together/llama-3.1-8b",              // together-chat
            "fireworks/llama-3.1-8b",             // fireworks-chat
            "huggingface/llama-3.1-8b",           // trl-messages
            "bedrock/claude-3-haiku",             // bedrock-claude
            "bedrock/llama-3.2-1b",               // bedrock-converse
            "bedrock/llama-3.1-8b",               // bedrock-prompt-completion
            "vertex/gemini-2.5-flash",            // vertex-gemini
            "alpaca/llama-3.1-8b",                // alpaca
            "llama-factory/llama-3.1-8b");        // sharegpt

    private ExportFixtures() {
    }

    static List<Target> targets() {
        List<Target> out = new ArrayList<>();
        for (String id : TARGET_PER_FORMAT) out.add(REGISTRY.target(id));
        return out;
    }

    static Sample plain() {
        SampleMetadata m = new SampleMetadata().sourceFile("faq.pdf").locate("page", 3).mode(SampleMetadata.MODE_EXTRACTED)
                .keywords(List.of("delivery", "shipping")).split("train");
        m.put("category", "shipping");
        m.put("complexity", "simple");
        return new Sample().id("plain").system("You are the support assistant of a bike shop.")
                .add(Message.user("How long does delivery take?"))
                .add(Message.assistant("Orders ship within 2 business days; delivery then takes 3-5 days."))
                .metadata(m);
    }

    static Sample multiTurn() {
        SampleMetadata m = new SampleMetadata().sourceFile("returns.docx").locate("heading", "Returns > Refunds")
                .mode(SampleMetadata.MODE_GENERATED).keywords(List.of("returns")).split("validation");
        m.put("category", "returns");
        m.put("complexity", "medium");
        m.put("model", "gpt-4o-mini");
        m.put("prompt_version", "v2");
        return new Sample().id("multi")
                .add(Message.user("Can I return a helmet?"))
                .add(Message.assistant("Yes, within 30 days if it is unused."))
                .add(Message.user("And the refund?"))
                .add(Message.assistant("It reaches your card 5-7 days after we receive the helmet."))
                .metadata(m);
    }

    static Sample tools() {
        SampleMetadata m = new SampleMetadata().sourceFile("orders.csv").locate("row", 12).mode(SampleMetadata.MODE_TEMPLATED).split("train");
        m.put("category", "orders");
        m.put("complexity", "complex");
        JsonNode tool = json("{\"type\":\"function\",\"function\":{\"name\":\"get_order_status\",\"description\":\"Look up an order\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"}},\"required\":[\"order_id\"]}}}");
        return new Sample().id("tools").system("You can look up orders.")
                .add(Message.user("Where is order A17?"))
                .add(new Message(Message.ASSISTANT, null).toolCalls(List.of(ToolCall.function("call_abc123", "get_order_status", "{\"order_id\": \"A17\"}"))))
                .add(new Message(Message.TOOL, "{\"status\":\"shipped\",\"carrier\":\"DHL\"}").toolCallId("call_abc123"))
                .add(Message.assistant("Order A17 has shipped with DHL."))
                .tools(List.of(tool))
                .metadata(m);
    }

    static Sample weighted() {
        SampleMetadata m = new SampleMetadata().mode(SampleMetadata.MODE_IMPORTED).split("test");
        return new Sample().id("weighted")
                .add(Message.user("Hi"))
                .add(Message.assistant("Hello! (a draft answer not to train on)").weight(0))
                .add(Message.user("Do you sell e-bikes?"))
                .add(Message.assistant("Yes, from three brands.").weight(1))
                .metadata(m);
    }

    static Sample midSystem() {
        return new Sample().id("mid-system")
                .add(Message.user("Hello"))
                .add(Message.assistant("Hi, how can I help?"))
                .add(Message.system("From now on answer in French."))
                .add(Message.user("Opening hours?"))
                .add(Message.assistant("Du lundi au samedi, de 9h à 18h."))
                .metadata(new SampleMetadata().split("train"));
    }

    static Sample toolWithText() {
        JsonNode tool = json("{\"type\":\"function\",\"function\":{\"name\":\"stock\",\"parameters\":{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\"}}}}}");
        return new Sample().id("tool-text")
                .add(Message.user("Is SKU 42 in stock?"))
                .add(new Message(Message.ASSISTANT, "Let me check.").toolCalls(List.of(ToolCall.function("c1", "stock", "{\"sku\":\"42\"}"))))
                .add(new Message(Message.TOOL, "3 left in the warehouse").toolCallId("c1"))
                .add(Message.assistant("Yes, three are left."))
                .tools(List.of(tool))
                .metadata(new SampleMetadata().split("train"));
    }

    static List<Sample> all() {
        return List.of(plain(), multiTurn(), tools(), weighted(), midSystem(), toolWithText());
    }

    /**
     * The samples each format must reject, with a reason code it must give; every other sample must be exported.
     * Derived from the registry's rules and the formats' documented shapes (reference/provider-specs.md).
     */
    static java.util.Map<String, java.util.Map<String, String>> expectedRejections() {
        var m = new java.util.LinkedHashMap<String, java.util.Map<String, String>>();
        m.put("openai-chat", java.util.Map.of("mid-system", "system_not_first"));
        m.put("mistral-chat", java.util.Map.of("mid-system", "system_not_first", "tool-text", "tool_call_content"));
        m.put("together-chat", java.util.Map.of("mid-system", "system_not_first", "tools", "tools_not_supported", "tool-text", "tools_not_supported"));
        m.put("fireworks-chat", java.util.Map.of("mid-system", "system_not_first", "tools", "tools_not_supported", "tool-text", "tools_not_supported"));
        m.put("trl-messages", java.util.Map.of("mid-system", "system_not_first", "weighted", "weight_not_supported"));
        m.put("bedrock-claude", java.util.Map.of("mid-system", "system_not_first", "tools", "tools_not_supported",
                "tool-text", "tools_not_supported", "weighted", "weight_not_supported"));
        m.put("bedrock-converse", java.util.Map.of("mid-system", "system_not_first", "tools", "tools_not_supported",
                "tool-text", "tools_not_supported", "weighted", "weight_not_supported"));
        m.put("bedrock-prompt-completion", java.util.Map.of("plain", "system_not_supported", "multi", "not_single_turn",
                "tools", "not_single_turn", "weighted", "not_single_turn", "mid-system", "not_single_turn", "tool-text", "not_single_turn"));
        m.put("vertex-gemini", java.util.Map.of("mid-system", "system_not_first", "weighted", "weight_not_supported"));
        m.put("alpaca", java.util.Map.of("multi", "not_single_turn", "tools", "not_single_turn", "weighted", "not_single_turn",
                "mid-system", "not_single_turn", "tool-text", "not_single_turn"));
        m.put("sharegpt", java.util.Map.of("tools", "tools_not_supported", "tool-text", "tools_not_supported", "weighted", "weight_not_supported"));
        return m;
    }

    static Path write(Path file, List<Sample> samples) throws IOException {
        try (JsonlWriter w = JsonlWriter.open(file)) {
            for (Sample s : samples) w.write(s);
            w.commit();
        }
        return file;
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ExportOptions options(List<Target> targets, Path out) {
        return new ExportOptions(targets, out, "ds", (RecordFormat) null, null, true, true);
    }
}
