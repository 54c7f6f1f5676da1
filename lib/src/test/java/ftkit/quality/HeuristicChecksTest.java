package ftkit.quality;

import ftkit.io.SampleReader;

import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeuristicChecksTest {
    static Sample qa(String q, String a) {
        return new Sample().add(Message.user(q)).add(Message.assistant(a));
    }

    static List<String> codes(Sample s) {
        return new HeuristicChecks(3).check(s).stream().map(HeuristicChecks.Flag::code).toList();
    }

    @Test
    void refusalsAreFoundAtTheStartOfAnAnswer() {
        for (String a : List.of("I'm sorry, but I can't help with that.", "I cannot assist with this request.",
                "As an AI language model, I cannot browse the internet.", "I’m unable to provide medical diagnoses.",
                "Sorry — I won't be able to share that. I must decline.")) {
            assertNotNull(HeuristicChecks.refusal(a), a);
        }
        assertNull(HeuristicChecks.refusal("You can't help it if the cache is cold: warm it first, then measure."));
        assertNull(HeuristicChecks.refusal("Restart the service with systemctl restart nginx and check the logs."));
    }

    @Test
    void truncationNeedsAnOpenFenceOrADanglingSentence() {
        assertNotNull(HeuristicChecks.truncation("Here:\n```python\nprint(1)\n"));
        assertNull(HeuristicChecks.truncation("Here:\n```python\nprint(1)\n```"));
        assertNotNull(HeuristicChecks.truncation("First unplug the router and then wait for about thirty seconds before you plug it"));
        assertNotNull(HeuristicChecks.truncation("The options are red, green,"));
        assertNull(HeuristicChecks.truncation("Unplug the router, wait thirty seconds and plug it back in."));
        assertNull(HeuristicChecks.truncation("Steps:\n- unplug the router\n- wait thirty seconds and plug it back in again now"));
        assertNull(HeuristicChecks.truncation("Paris"), "a one-word answer is short, not truncated");
    }

    @Test
    void templateLeakageCatchesCommonPlaceholders() {
        for (String t : List.of("Tell me about {PRODUCT}.", "Hi {{ name }}, thanks!", "[TEMPLATE: greeting]", "Use <placeholder> here",
                "Dear ${customer.name}", "[INSERT COMPANY NAME] is great")) {
            assertNotNull(HeuristicChecks.leakage(qa(t, "An answer of reasonable length.")), t);
        }
        assertNull(HeuristicChecks.leakage(qa("Format a JSON object", "Use {\"a\": 1} or a set {1, 2}; Map<String, Integer> works.")));
    }

    /** Hand-written questions and answers in eleven languages, six of them answered in another language. */
    @Test
    void languagesAndMismatchesOnRealMultilingualText() throws Exception {
        int mismatches = 0;
        try (SampleReader reader = SampleReader.open("src/test/resources/quality/languages.jsonl")) {
            for (SampleReader.Entry e : reader) {
                Sample s = e.sample();
                String lq = s.metadata().getString("question_language");
                String la = s.metadata().getString("answer_language");
                String where = "line " + e.line().number() + ": " + SampleText.question(s);
                assertEquals(lq, LanguageGuess.guess(SampleText.question(s)), where);
                assertEquals(la, LanguageGuess.guess(SampleText.answer(s)), where);
                boolean mismatch = lq != null && !lq.equals(la);
                if (mismatch) mismatches++;
                assertEquals(mismatch, codes(s).contains(HeuristicChecks.LANGUAGE), where);
                List<String> expectingEnglish = new HeuristicChecks(3, "en").check(s).stream().map(HeuristicChecks.Flag::code).toList();
                boolean notEnglish = lq != null && !lq.equals("en") || la != null && !la.equals("en");
                assertEquals(notEnglish, expectingEnglish.contains(HeuristicChecks.WRONG_LANGUAGE), where);
            }
        }
        assertEquals(6, mismatches);
        // Short English questions that Lingua calls German, English staying plausible (0.89, 0.93): no flag either way.
        for (Sample s : List.of(qa("How do I convert Celsius to Fahrenheit?", "Multiply the Celsius temperature by 9/5 and add 32. For example, 20 °C is 20 × 1.8 + 32 = 68 °F."),
                qa("How do I convert Fahrenheit to Kelvin?", "Subtract 32, multiply by 5/9 to get Celsius, then add 273.15. For example, 68 °F is 293.15 K."))) {
            assertEquals("de", LanguageGuess.guess(SampleText.question(s)), "the detector's mistake this guards against");
            assertTrue(codes(s).isEmpty(), codes(s).toString());
            assertTrue(new HeuristicChecks(3, "en").check(s).isEmpty());
        }
        assertTrue(codes(qa("How do I sort a list in Java?", "Call Collections.sort(list) for natural order, or list.sort(comparator) "
                + "to sort with a custom comparator.")).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> CurateOptions.defaults().withLanguage("xx"));
    }

    /**
     * The English fast path may only answer "en" for English: no text of the multilingual fixture in another language
     * takes it, nor texts built from the markers' near-misses (Dutch "is/of/was", Polish "to/my", Italian "i", German
     * "was/will/in" without umlauts), while most English texts do.
     */
    @Test
    void theEnglishFastPathTakesOnlyEnglish() throws Exception {
        int english = 0;
        int fast = 0;
        try (SampleReader reader = SampleReader.open("src/test/resources/quality/languages.jsonl")) {
            for (SampleReader.Entry e : reader) {
                Sample s = e.sample();
                for (String side : List.of("question", "answer")) {
                    String text = side.equals("question") ? SampleText.question(s) : SampleText.answer(s);
                    String language = s.metadata().getString(side + "_language");
                    boolean taken = LanguageGuess.clearlyEnglish(text);
                    if (!"en".equals(language)) assertFalse(taken, "line " + e.line().number() + " " + side + " (" + language + "): " + text);
                    else {
                        english++;
                        if (taken) fast++;
                    }
                }
            }
        }
        for (String notEnglish : List.of("Dit is de vraag of het werkt en wat het was toen je het kocht",
                "To jest to, co my chcemy zrobic dzisiaj i to jest dobre", "Ho comprato i libri e i quaderni per la scuola di mio figlio",
                "Was ist das, was er will, wenn er in die Stadt geht und nicht hier bleibt", "Il a dit que le the est pret pour la reunion")) {
            assertFalse(LanguageGuess.clearlyEnglish(notEnglish), notEnglish);
            assertNotEquals("en", LanguageGuess.guess(notEnglish), notEnglish);
        }
        System.err.printf("English fast path: %d of %d English texts%n", fast, english);
        assertTrue(fast >= english / 2, fast + " of " + english);
    }

    @Test
    void shortAndMissingAnswers() {
        assertEquals(List.of(HeuristicChecks.TOO_SHORT), codes(qa("Is shipping free?", "Yes.")));
        assertEquals(List.of(HeuristicChecks.NO_ANSWER), codes(new Sample().add(Message.user("Hello?"))));
    }

    @Test
    void diversityMetricsOnAKnownSet() {
        DiversityMetrics m = new DiversityMetrics();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Sample s = qa("question number " + i, i < 6 ? "Certainly! Here's the answer " + i : "The answer is " + i);
            s.metadata().put("category", i < 8 ? "billing" : "shipping");
            samples.add(s);
            m.add(s);
        }
        DiversityMetrics.Result r = m.result();
        assertEquals(10, r.samples());
        assertEquals("certainly here's the", r.answers().topOpenings().get(0).words());
        assertEquals(0.6, r.answers().topOpenings().get(0).share());
        // Questions: "question number i": 30 unigrams of which 12 distinct; 20 bigrams of which 11 distinct.
        assertEquals(12 / 30.0, r.questions().distinct1(), 0.01);
        assertEquals(11 / 20.0, r.questions().distinct2(), 0.01);
        assertEquals(1.0, r.questions().distinct3(), 0.01);
        assertEquals(12, r.questions().vocabulary());
        assertEquals(5, r.responseWords().median());
        assertEquals(java.util.Map.of("billing", 8L, "shipping", 2L), r.balance().get("category"));
    }
}
