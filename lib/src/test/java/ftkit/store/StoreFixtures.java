package ftkit.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.ToolCall;

import java.util.ArrayList;
import java.util.List;

/** Samples with every kind of content the canonical model holds, to prove the store keeps them exactly. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    static List<Sample> corpus(String prefix, int n) {
        List<Sample> out = new ArrayList<>();
        String[] sources = {"docs/manual.pdf", "docs/faq.md", "sheets/tickets.xlsx"};
        String[] splits = {"train", "train", "train", "validation"};
        for (int i = 0; i < n; i++) {
            Sample s = new Sample().id(prefix + "-" + i);
            if (i % 3 == 0) s.system("You are a support agent. Réponds poliment 🙂");
            s.add(Message.user("Question " + i + " about " + (i % 7 == 0 ? "100% refunds_policy" : "the Widget")));
            if (i % 10 == 5) {
                ObjectNode fn = Json.MAPPER.createObjectNode();
                fn.put("type", "function");
                fn.putObject("function").put("name", "lookup").putObject("parameters").put("type", "object");
                s.tools(List.of(fn));
                s.add(new Message(Message.ASSISTANT, null).toolCalls(List.of(ToolCall.function("call_1", "lookup", "{\"q\":" + i + "}"))));
                s.add(new Message(Message.TOOL, "{\"found\":true}").toolCallId("call_1"));
            }
            s.add(Message.assistant("Answer " + i + (i % 2 == 0 ? "\nwith a second line" : "")).weight(i % 4 == 0 ? 1 : null));
            s.metadata().sourceFile(sources[i % sources.length]).locate("page", i / 10 + 1)
                    .keywords(i % 5 == 0 ? List.of() : List.of("widget", "kw" + (i % 4)))
                    .mode("extracted").split(splits[i % splits.length]);
            s.metadata().put("chunk_id", "c" + (i / 3));
            // Nested metadata as a JSON reader produces it (maps, lists, boxed numbers), so equals() can compare.
            s.metadata().put("scores", new java.util.LinkedHashMap<>(java.util.Map.of("quality", 0.5 + (i % 5) / 10.0)));
            out.add(s);
        }
        return out;
    }
}
