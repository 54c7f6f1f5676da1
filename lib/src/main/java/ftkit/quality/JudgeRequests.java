package ftkit.quality;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import ftkit.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the sample judge and the duplicate judge share: asking the model up to {@code concurrency} prompts at a time,
 * retrying a failed request with exponential backoff, asking once more after an unparseable reply, and keeping
 * every parsed answer in the {@link JudgeJournal} under its key and the judge's fingerprint, so that a re-run asks
 * only what it has not asked with the same model and prompt.
 *
 * @param <T> a parsed answer
 */
final class JudgeRequests<T> {
    private static final Pattern JSON_OBJECT = Pattern.compile("\\{.*}", Pattern.DOTALL);

    /** One prompt and the journal key of its answer. */
    record Request(String key, String prompt) {
    }

    /** A parsed answer, or the error that left none ({@code answer} null). */
    record Answer<T>(T answer, boolean cached, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final ChatModel model;
    private final String fingerprint;
    private final JudgeJournal journal;
    private final int concurrency;
    private final int retries;
    private final long backoffMillis;
    private final Function<String, T> parse;
    private final Function<T, String> store;
    private final ResponseFormat format;

    /**
     * @param parse  the answer in a reply or in a journal entry, null when there is none
     * @param store  what the journal keeps of an answer (parsed again by {@code parse})
     * @param format structured output asked of the model, or null for free text (the parser finds the JSON)
     */
    JudgeRequests(ChatModel model, String fingerprint, JudgeJournal journal, int concurrency, int retries, long backoffMillis,
                  Function<String, T> parse, Function<T, String> store, ResponseFormat format) {
        this.model = model;
        this.fingerprint = fingerprint;
        this.journal = journal;
        this.concurrency = Math.max(1, concurrency);
        this.retries = Math.max(0, retries);
        this.backoffMillis = Math.max(0, backoffMillis);
        this.parse = parse;
        this.store = store;
        this.format = format;
    }

    /** Answers in the order of the requests. A journal that cannot be written stops the run (UncheckedIOException). */
    List<Answer<T>> ask(List<Request> requests) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, requests.size())), r -> {
            Thread t = new Thread(r, "judge");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Answer<T>>> futures = new ArrayList<>();
            for (Request r : requests) futures.add(pool.submit(() -> askOne(r)));
            List<Answer<T>> out = new ArrayList<>();
            for (Future<Answer<T>> f : futures) {
                try {
                    out.add(f.get());
                } catch (Exception e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (cause instanceof UncheckedIOException io) throw io;
                    out.add(new Answer<>(null, false, String.valueOf(cause.getMessage())));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    Answer<T> askOne(Request request) throws IOException, InterruptedException {
        if (journal != null) {
            var cached = journal.find(request.key(), fingerprint);
            if (cached.isPresent()) {
                T answer = parse.apply(cached.get());
                if (answer != null) return new Answer<>(answer, true, null);
            }
        }
        String lastError = null;
        int parseFailures = 0;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) Thread.sleep(backoffMillis * (1L << Math.min(6, attempt - 1)));
            String reply;
            try {
                ChatRequest.Builder chat = ChatRequest.builder().messages(UserMessage.from(request.prompt()));
                if (format != null) chat.responseFormat(format);
                reply = model.chat(chat.build()).aiMessage().text();
            } catch (RuntimeException e) {
                lastError = "request failed: " + e.getMessage();
                continue;
            }
            T answer = parse.apply(reply);
            if (answer == null) {
                lastError = "unparseable judge reply: " + abbreviate(reply);
                if (++parseFailures >= 2) break;
                continue;
            }
            if (journal != null) journal.put(request.key(), fingerprint, store.apply(answer));
            return new Answer<>(answer, false, null);
        }
        return new Answer<>(null, false, lastError);
    }

    /** The first JSON object in a reply (bare, inside a code fence or inside prose), or null. */
    static ObjectNode jsonObjectIn(String reply) {
        if (reply == null) return null;
        Matcher m = JSON_OBJECT.matcher(reply);
        if (!m.find()) return null;
        try {
            return Json.MAPPER.readTree(m.group()) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        String t = String.valueOf(s).replaceAll("\\s+", " ");
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }
}
