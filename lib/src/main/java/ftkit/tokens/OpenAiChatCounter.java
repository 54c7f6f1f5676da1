package ftkit.tokens;

import com.knuddels.jtokkit.api.Encoding;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.ToolCall;

/**
 * OpenAI's chat counting as in its cookbook ({@code num_tokens_from_messages}): each message costs 3 tokens
 * plus its role and content (and 1 more plus the name when named), and 3 tokens prime the reply.
 * Tool calls and tool definitions are counted as their JSON text: OpenAI documents no exact rule for them.
 */
final class OpenAiChatCounter implements TokenCounter {
    static final int TOKENS_PER_MESSAGE = 3;
    static final int TOKENS_PER_NAME = 1;
    static final int REPLY_PRIMING = 3;

    private final Encoding encoding;
    private final boolean exact;
    private final String method;
    private final int systemTokens;
    private final int userTokens;
    private final int assistantTokens;

    OpenAiChatCounter(Encoding encoding, boolean exact, String method) {
        this.encoding = encoding;
        this.exact = exact;
        this.method = method;
        this.systemTokens = countText(Message.SYSTEM);
        this.userTokens = countText(Message.USER);
        this.assistantTokens = countText(Message.ASSISTANT);
    }

    @Override
    public int count(Sample sample) {
        int n = REPLY_PRIMING;
        if (sample.system() != null) n += message(Message.SYSTEM, sample.system(), null);
        for (Message m : sample.messages()) {
            n += message(m.role(), m.content(), m.name());
            if (m.hasToolCalls()) {
                for (ToolCall call : m.toolCalls()) {
                    n += countText(call.name()) + countText(call.arguments());
                }
            }
        }
        for (var tool : sample.tools()) n += countText(tool.toString());
        return n;
    }

    private int message(String role, String content, String name) {
        int n = TOKENS_PER_MESSAGE + roleTokens(role) + countText(content);
        if (name != null) n += TOKENS_PER_NAME + countText(name);
        return n;
    }

    /** Role names repeat on every message; their counts are computed once. */
    private int roleTokens(String role) {
        return switch (role == null ? "" : role) {
            case Message.SYSTEM -> systemTokens;
            case Message.USER -> userTokens;
            case Message.ASSISTANT -> assistantTokens;
            default -> countText(role);
        };
    }

    @Override
    public int countText(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    @Override
    public boolean exact() {
        return exact;
    }

    @Override
    public String method() {
        return method;
    }
}
