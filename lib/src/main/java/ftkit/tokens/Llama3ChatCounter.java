package ftkit.tokens;

import com.knuddels.jtokkit.api.Encoding;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.ToolCall;

/**
 * Llama 3 chat-template counting: {@code <|begin_of_text|>}, then per message
 * {@code <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>}. The four special tokens are counted
 * one each; the text between them is encoded as the template lays it out, so counts equal the reference
 * tokenizer's on the rendered template. Tool results use Llama's "ipython" role.
 */
final class Llama3ChatCounter implements TokenCounter {
    private final Encoding encoding;

    Llama3ChatCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    @Override
    public int count(Sample sample) {
        int n = 1; // <|begin_of_text|>
        if (sample.system() != null) n += message(Message.SYSTEM, sample.system().strip());
        for (Message m : sample.messages()) {
            String role = Message.TOOL.equals(m.role()) ? "ipython" : m.role();
            // The reference template trims each message's content.
            StringBuilder content = new StringBuilder(m.contentOrEmpty().strip());
            if (m.hasToolCalls()) {
                for (ToolCall call : m.toolCalls()) {
                    content.append("{\"name\": \"").append(call.name()).append("\", \"parameters\": ")
                            .append(call.arguments()).append('}');
                }
            }
            n += message(role, content.toString());
        }
        return n;
    }

    private int message(String role, String content) {
        // <|start_header_id|> role <|end_header_id|> "\n\n" + content <|eot_id|>
        return 3 + countText(role) + countText("\n\n" + content);
    }

    @Override
    public int countText(String text) {
        return text == null || text.isEmpty() ? 0 : Llama3Tokenizer.count(encoding, text);
    }

    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public String method() {
        return "exact: Llama 3 tokenizer (tiktoken BPE, 128,000 ranks) on the Llama 3 chat template";
    }
}
