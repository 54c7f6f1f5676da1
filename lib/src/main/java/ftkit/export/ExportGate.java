package ftkit.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.io.RecordConverter;
import ftkit.io.RecordException;
import ftkit.io.RecordFormat;
import ftkit.model.Sample;
import ftkit.providers.FormatRules;
import ftkit.providers.Target;
import ftkit.tokens.TokenCounter;
import ftkit.validate.Finding;
import ftkit.validate.RecordRules;

import java.util.ArrayList;
import java.util.List;

/**
 * The pre-upload gate of one target: a sample becomes a record only if (1) the target's rules accept its content,
 * (2) the format can hold it, (3) the written record, read back as validate reads it, passes the same rules, (4)
 * reading it back gives the same conversation ({@link ContentView}), and (5) it fits the target's token limit.
 * The rules are validate's own ({@link RecordRules}), so what export writes, validate accepts.
 */
public final class ExportGate {
    private final Target target;
    private final FormatRules rules;
    private final TokenCounter counter;
    private final RecordFormat readAs;

    public ExportGate(Target target, FormatRules rules, TokenCounter counter) {
        this.target = target;
        this.rules = rules;
        this.counter = counter;
        this.readAs = formatOfShape(rules.shape());
    }

    /** The result for one sample: a record and its line, or the errors that stop it. Warnings travel with either. */
    public record Outcome(ObjectNode record, byte[] line, int tokens, List<Finding> errors, List<Finding> warnings) {
        public boolean accepted() {
            return errors.isEmpty();
        }
    }

    public Target target() {
        return target;
    }

    public FormatRules rules() {
        return rules;
    }

    public TokenCounter counter() {
        return counter;
    }

    /** How validate reads a record of this shape. */
    static RecordFormat formatOfShape(String shape) {
        return switch (shape) {
            case "messages" -> RecordFormat.OPENAI_CHAT;
            case "bedrock-converse" -> RecordFormat.BEDROCK_CONVERSE;
            case "gemini" -> RecordFormat.VERTEX_GEMINI;
            case "prompt-completion" -> RecordFormat.PROMPT_COMPLETION;
            case "alpaca" -> RecordFormat.ALPACA;
            case "sharegpt" -> RecordFormat.SHAREGPT;
            default -> throw new IllegalArgumentException("unknown record shape '" + shape + "'");
        };
    }

    public Outcome check(Sample sample) {
        List<Finding> errors = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        // 1. The content in the target's terms: roles, order, tool rules, what the conversation must hold.
        List<Finding> content = RecordRules.check(rules, null, RecordFormat.CANONICAL, sample);
        // Mistral's 9-character ids are the encoder's job (it re-keys calls and results together); the written ids
        // are checked again in step 3.
        if ("mistral".equals(rules.toolCalls())) content.removeIf(f -> f.code().equals("bad_tool_call_id"));
        split(content, errors, warnings);
        int tokens = counter.count(sample);
        tokenLimit(tokens, errors, warnings);
        if (!errors.isEmpty()) return new Outcome(null, null, tokens, errors, warnings);
        // 2. The record in the target's own layout.
        ObjectNode record;
        try {
            record = RecordEncoder.encode(rules, sample);
        } catch (NotExpressible e) {
            errors.add(Finding.error(e.code(), e.getMessage()));
            return new Outcome(null, null, tokens, errors, warnings);
        }
        // 3. The written record as validate will read it, under the same rules.
        Sample readBack;
        try {
            readBack = RecordConverter.toSample(record, readAs);
        } catch (RecordException e) {
            errors.add(Finding.error("export_unreadable", "the exported record cannot be read back: " + e.getMessage()));
            return new Outcome(null, null, tokens, errors, warnings);
        }
        warnings.clear();
        split(RecordRules.check(rules, record, readAs, readBack), errors, warnings);
        tokenLimit(tokens, new ArrayList<>(), warnings);
        // 4. Nothing lost or changed on the way.
        if (errors.isEmpty()) {
            String difference = ContentView.firstDifference(ContentView.of(sample), ContentView.of(readBack));
            if (difference != null) {
                errors.add(Finding.error("lossy_conversion", rules.id() + " cannot hold this sample as it is (" + difference + ")"));
            }
        }
        if (!errors.isEmpty()) return new Outcome(null, null, tokens, errors, warnings);
        try {
            return new Outcome(record, Json.MAPPER.writeValueAsBytes(record), tokens, errors, warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an exported record: " + e.getMessage(), e);
        }
    }

    private void tokenLimit(int tokens, List<Finding> errors, List<Finding> warnings) {
        Long limit = target.maxTokensPerExample();
        if (limit == null || tokens <= limit) return;
        String msg = counter.mark() + tokens + " tokens exceed " + target.id() + "'s " + limit + "-token limit per example"
                + (counter.exact() ? "" : " (estimated)");
        if (target.truncatesOverLimit()) warnings.add(Finding.warning("over_token_limit", msg + "; the target truncates it, dropping the end"));
        else errors.add(Finding.error("over_token_limit", msg));
    }

    private static void split(List<Finding> findings, List<Finding> errors, List<Finding> warnings) {
        for (Finding f : findings) (f.isError() ? errors : warnings).add(f);
    }
}
