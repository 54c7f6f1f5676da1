package ftkit.generate;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.prompts.MissingVariableException;
import ftkit.prompts.PromptTemplate;
import ftkit.prompts.TemplateSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prompt files of {@code prompts/system/} ({@code generator.txt}, {@code create.txt}, {@code hybrid_mode.txt},
 * {@code free_mode.txt}, {@code grounding.txt}, {@code repair.txt}) and how a task fills their placeholders.
 * A missing file or variable is an error naming the file, never an empty string in the prompt.
 */
public final class Prompts {

    /** The two messages of a request. */
    public record Rendered(String system, String user) {
    }

    private final Path dir;
    private final PromptTemplate generator;
    private final PromptTemplate create;
    private final PromptTemplate hybrid;
    private final PromptTemplate free;
    private final PromptTemplate grounding;
    private final PromptTemplate repair;

    private Prompts(Path dir) throws IOException, TemplateSyntaxException {
        this.dir = dir;
        Path system = dir.resolve("system");
        this.generator = PromptTemplate.load(system.resolve("generator.txt"));
        this.create = PromptTemplate.load(system.resolve("create.txt"));
        this.hybrid = PromptTemplate.load(system.resolve("hybrid_mode.txt"));
        this.free = PromptTemplate.load(system.resolve("free_mode.txt"));
        this.grounding = PromptTemplate.load(system.resolve("grounding.txt"));
        this.repair = PromptTemplate.load(system.resolve("repair.txt"));
    }

    /** Loads the templates of {@code promptsDir} (the folder holding {@code system/} and {@code free_mode/}). */
    public static Prompts load(Path promptsDir) throws IOException, TemplateSyntaxException {
        if (!Files.isDirectory(promptsDir.resolve("system"))) {
            throw new IOException(promptsDir.resolve("system") + ": no prompts folder (run from the project folder, "
                    + "or pass --prompts DIR)");
        }
        return new Prompts(promptsDir);
    }

    public Path dir() {
        return dir;
    }

    /** The concatenated template texts, so that editing a prompt starts a new journal. */
    public String fingerprintText() {
        return generator.text() + create.text() + hybrid.text() + free.text() + grounding.text() + repair.text();
    }

    /** Renders the request for one task in the given mode; {@code instructions} is free mode's text. */
    public Rendered render(GenerationTask task, GenerationPlan plan, Mode mode, String instructions, int total)
            throws MissingVariableException {
        // One JSON context for both templates (rendering a Map converts it each time).
        com.fasterxml.jackson.databind.node.ObjectNode v = Json.MAPPER.valueToTree(variables(task, plan));
        String system = generator.render(v);
        String user = switch (mode) {
            case CREATE -> create.render(v);
            case HYBRID -> hybrid.render(v);
            case FREE -> {
                v.put("instructions", instructions);
                v.put("number", task.index() + 1);
                v.put("total", total);
                yield free.render(v);
            }
        };
        return new Rendered(system, user);
    }

    /** The follow-up asking the model to fix an unusable reply. */
    public String repair(String problem, int turns) throws MissingVariableException {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("problem", problem);
        v.put("turns", turns);
        return repair.render(v);
    }

    private Map<String, Object> variables(GenerationTask task, GenerationPlan plan) throws MissingVariableException {
        QuotaMatrix.Cell cell = task.cell();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("task_type", plan.taskType());
        v.put("domain", plan.domain());
        v.put("category", cell.category());
        v.put("category_description", orDash(task.category().description()));
        v.put("topic", task.topic() == null ? "any topic within the category" : task.topic());
        v.put("scenario", cell.scenario().replace('_', ' '));
        v.put("expertise", cell.expertise());
        v.put("phrasing", cell.phrasing());
        v.put("formality", task.formality());
        v.put("context", task.context());
        v.put("complexity", cell.complexity());
        var level = plan.complexity().get(cell.complexity());
        v.put("complexity_description", level == null ? "-" : orDash(level.description()));
        v.put("pattern", task.pattern() == null ? "single question and answer" : task.pattern());
        v.put("turns", task.turns());
        v.put("query_length", plan.queryLength());
        v.put("response_tone", plan.responseTone());
        v.put("response_style", plan.responseStyle());
        v.put("response_length", plan.responseLength());
        v.put("response_formatting", plan.responseFormatting());
        v.put("system_prompt", task.systemPrompt() == null ? "(none: a general helpful assistant)" : task.systemPrompt());
        v.put("grounding", task.chunk() == null ? "" : grounding.render(chunkVariables(task.chunk())));
        return v;
    }

    private static Map<String, Object> chunkVariables(JsonNode chunk) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("chunk_id", chunk.path("id").asText(""));
        v.put("source_file", chunk.path("metadata").path("source_file").asText(""));
        v.put("chunk_text", chunk.path("text").asText(""));
        return v;
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    /** Generation modes that call an LLM. */
    public enum Mode {
        CREATE, HYBRID, FREE
    }
}
