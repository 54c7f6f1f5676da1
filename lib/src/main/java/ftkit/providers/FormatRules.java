package ftkit.providers;

import java.util.List;

/**
 * The rules of one record format, as data (see registry.yaml). The validator interprets them; adding a
 * format with the same shape needs no code.
 *
 * @param shape               how records of this format are laid out: messages, bedrock-converse, gemini,
 *                            prompt-completion, alpaca or sharegpt
 * @param extraTopLevelKeys   error, warning or ignore for keys outside {@code topLevelKeys}
 * @param weight              where a per-message weight may appear: none, assistant-only or any
 * @param maxSystemMessages   how many system-role messages may appear inside messages (null: no limit)
 * @param systemPosition      first (a system message may only come first) or none/any
 * @param alternation         none, strict (user/assistant alternate from the first message) or after-system
 * @param toolCalls           which tool-call rules apply: none, openai, mistral or gemini
 */
public record FormatRules(
        String id,
        String shape,
        String description,
        List<String> topLevelKeys,
        String extraTopLevelKeys,
        List<String> roles,
        List<String> messageKeys,
        String weight,
        Integer maxSystemMessages,
        String systemPosition,
        String alternation,
        String alternationSeverity,
        String firstRole,
        String lastRole,
        String lastRoleSeverity,
        Integer minMessages,
        Boolean requireAssistant,
        Boolean singleTurn,
        String toolCalls) {

    public List<String> topLevelKeys() {
        return topLevelKeys == null ? List.of() : topLevelKeys;
    }

    public List<String> roles() {
        return roles == null ? List.of() : roles;
    }

    public List<String> messageKeys() {
        return messageKeys == null ? List.of() : messageKeys;
    }

    public String weight() {
        return weight == null ? "none" : weight;
    }

    public String alternation() {
        return alternation == null ? "none" : alternation;
    }

    public String alternationSeverity() {
        return alternationSeverity == null ? "error" : alternationSeverity;
    }

    public String lastRoleSeverity() {
        return lastRoleSeverity == null ? "error" : lastRoleSeverity;
    }

    public String extraTopLevelKeys() {
        return extraTopLevelKeys == null ? "warning" : extraTopLevelKeys;
    }

    public String toolCalls() {
        return toolCalls == null ? "none" : toolCalls;
    }

    public boolean requiresAssistant() {
        return requireAssistant == null || requireAssistant;
    }

    public boolean isSingleTurn() {
        return singleTurn != null && singleTurn;
    }

    FormatRules withId(String id) {
        return new FormatRules(id, shape, description, topLevelKeys, extraTopLevelKeys, roles, messageKeys, weight,
                maxSystemMessages, systemPosition, alternation, alternationSeverity, firstRole, lastRole,
                lastRoleSeverity, minMessages, requireAssistant, singleTurn, toolCalls);
    }
}
