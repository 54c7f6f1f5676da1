package ftkit.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.config.Config;
import ftkit.io.Json;

/**
 * The effective configuration as JSON with config.yaml's keys, saved with a dataset so that one can tell later how
 * it was made. Holds no secret (API keys live in the environment, never in {@link Config}); a base URL's user info
 * is hidden all the same, and the store redacts secret-looking keys on save.
 */
public final class ConfigSnapshot {
    private ConfigSnapshot() {
    }

    public static ObjectNode of(Config c) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("provider", c.provider().id());
        root.put("model", c.model());
        root.put("mode", c.mode().id());
        root.put("dataset_size", c.datasetSize());
        root.put("output_name", c.outputName());
        ObjectNode split = root.putObject("split");
        split.put("enabled", c.split().enabled());
        split.put("ratio", c.split().ratio());
        split.put("test_ratio", c.split().testRatio());
        split.put("strategy", c.split().strategy().id());
        split.put("weight_by", c.split().weightBy().id());
        split.put("seed", c.split().seed());
        ObjectNode agent = root.putObject("agent");
        agent.putObject("create").put("temperature", c.agent().create().temperature())
                .put("variety", c.agent().create().variety().id());
        agent.putObject("identify").put("min_turns", c.agent().identify().minTurns())
                .put("include_context", c.agent().identify().includeContext());
        agent.putObject("hybrid").put("generation_ratio", c.agent().hybrid().generationRatio());
        agent.putObject("free").put("use_prompt_file", c.agent().free().usePromptFile());
        ObjectNode output = root.putObject("output");
        output.put("format", c.output().format().id());
        output.put("include_csv", c.output().includeCsv());
        output.put("include_stats", c.output().includeStats());
        output.put("dir", c.output().dir().toString());
        ObjectNode system = root.putObject("system");
        system.put("agentic_llm", c.system().agenticLlm().id());
        system.put("agentic_model", c.system().agenticModel());
        system.put("base_url", c.system().baseUrl().map(u -> DatabaseUrl.redact(u.toString())).orElse(null));
        system.put("max_retries", c.system().maxRetries());
        system.put("timeout", c.system().timeout().toSeconds());
        return root;
    }
}
