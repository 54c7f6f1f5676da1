package ftkit.extract;

import ftkit.model.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * Extension point for the optional LLM stage of identify mode: for a document where the patterns found nothing,
 * a model proposes conversations. Nothing in the scripts sets one yet (the provider clients live in
 * {@code ftkit.providers}); {@link Extractor} calls it only when {@link ExtractOptions#spanProposer} is set, and
 * {@link #acceptVerbatim} keeps a proposal only if every message occurs verbatim, in order, in the document.
 */
@FunctionalInterface
public interface SpanProposer {
    /** Conversations the model sees in the text; message contents should be copied from it exactly. */
    List<List<Message>> propose(String sourceFile, String documentText) throws Exception;

    /** The proposals whose every message is an exact substring of the text (after trimming), in order. */
    static List<List<ConversationDetector.Span>> acceptVerbatim(String text, List<List<Message>> proposals) {
        List<List<ConversationDetector.Span>> accepted = new ArrayList<>();
        for (List<Message> proposal : proposals) {
            List<ConversationDetector.Span> spans = new ArrayList<>();
            int from = 0;
            for (Message m : proposal) {
                String content = m.contentOrEmpty().strip();
                if (content.isEmpty() || !(Message.USER.equals(m.role()) || Message.ASSISTANT.equals(m.role()))) {
                    spans = null;
                    break;
                }
                int at = text.indexOf(content, from);
                if (at < 0) {
                    spans = null;
                    break;
                }
                spans.add(new ConversationDetector.Span(m.role(), at, at + content.length(), null));
                from = at + content.length();
            }
            if (spans != null && spans.size() >= 2) accepted.add(spans);
        }
        return accepted;
    }
}
