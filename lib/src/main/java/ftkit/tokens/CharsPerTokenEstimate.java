package ftkit.tokens;

import ftkit.model.Message;
import ftkit.model.Sample;

/** An estimate from characters alone: ceil(characters / N) per text, plus 3 tokens per message. */
final class CharsPerTokenEstimate implements TokenCounter {
    private final double charsPerToken;

    CharsPerTokenEstimate(double charsPerToken) {
        this.charsPerToken = charsPerToken;
    }

    @Override
    public int count(Sample sample) {
        int n = 3;
        if (sample.system() != null) n += 3 + countText(sample.system());
        for (Message m : sample.messages()) n += 3 + countText(m.content());
        return n;
    }

    @Override
    public int countText(String text) {
        return text == null ? 0 : (int) Math.ceil(text.codePointCount(0, text.length()) / charsPerToken);
    }

    @Override
    public boolean exact() {
        return false;
    }

    @Override
    public String method() {
        return "estimate: characters / " + charsPerToken + " + 3 per message";
    }
}
