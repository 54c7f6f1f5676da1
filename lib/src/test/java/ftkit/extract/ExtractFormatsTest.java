package ftkit.extract;

import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ftkit.extract.DocumentFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/** Real files of every supported kind with known conversations and distractors; asserts the exact samples. */
class ExtractFormatsTest {
    @TempDir
    Path dir;
    ExtractOptions options;

    @BeforeEach
    void setUp() {
        options = new ExtractOptions();
        options.includeContext = false;
    }

    private List<Sample> extract(Path file) throws Exception {
        Extractor.FileResult r = new Extractor(options).extractFile(new Extractor.InputFile(file, file.getFileName().toString(), Files.size(file)));
        assertEquals(FileReport.OK, r.report().status(), () -> r.report().line());
        assertVerbatim(file, r.samples());
        return r.samples();
    }

    /** Every message (and context) is an exact substring of the extracted text, trimmed only. */
    static void assertVerbatim(Path file, List<Sample> samples) throws Exception {
        String ext = SourceReader.extension(file);
        if (ext.equals("json") || ext.equals("jsonl")) return; // checked against the JSON values in their own test
        String text = SourceReader.read(file, 5_000_000).doc().text();
        for (Sample s : samples) {
            for (Message m : s.conversation()) {
                assertTrue(text.contains(m.content()), () -> "not verbatim in " + file + ": " + m.content());
                assertEquals(m.content().strip(), m.content(), "trimmed");
                assertFalse(m.content().isEmpty());
            }
        }
    }

    static Map<String, Object> loc(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Asserts detector, locator and the exact turns: "user", "text", "assistant", "text", … */
    static void assertSample(Sample s, String detector, Map<String, Object> locator, String... turns) {
        assertEquals(detector, s.metadata().detector(), () -> "detector of " + s.messages());
        assertEquals(locator, s.metadata().locator(), () -> "locator of " + s.messages());
        List<String> actual = new ArrayList<>();
        for (Message m : s.messages()) {
            actual.add(m.role());
            actual.add(m.content());
        }
        assertEquals(List.of(turns), actual);
        assertEquals("extracted", s.metadata().mode());
        assertTrue(s.metadata().sourceFile() != null);
    }

    @Test
    void plainTextTranscriptQaNumberedAndNames() throws Exception {
        Path file = dir.resolve("support.txt");
        Files.writeString(file, String.join("\n",
                "Acme Widgets support log, exported 2024-03-01.",
                "Note: this export contains one chat.",
                "Price: 10 EUR",
                "",
                "Customer: Hi, my widget stopped charging.",
                "Agent: Sorry to hear that. Is the LED blinking?",
                "Customer: Yes, it blinks red.",
                "Agent: Hold the reset button for ten seconds.",
                "",
                "Some unrelated paragraph about the weather.",
                "Berlin: sunny",
                "Paris: rainy",
                "",
                "Q: Does the widget work outdoors?",
                "A: Yes, it is rated IP65.",
                "",
                "Q: How long is the warranty?",
                "A: Two years from purchase.",
                "Q: Can I extend it?",
                "A: Yes, to five years.",
                "",
                "1. What voltage does it need?",
                "   It needs 5 volts over USB-C.",
                "2. Which colours exist?",
                "a) Red, blue and graphite.",
                "3. Pick one option?",
                "a) One",
                "b) Two",
                "",
                "Maria Lopez: What drew you to robotics?",
                "Tom Becker: My grandfather's workshop.",
                "Maria Lopez: And what keeps you there?",
                "Tom Becker: Fixing things that others throw away.",
                ""), java.nio.charset.StandardCharsets.UTF_8);
        List<Sample> s = extract(file);
        assertEquals(6, s.size(), () -> s.toString());
        assertSample(s.get(0), "speaker-transcript", loc("line", 5),
                "user", "Hi, my widget stopped charging.", "assistant", "Sorry to hear that. Is the LED blinking?",
                "user", "Yes, it blinks red.", "assistant", "Hold the reset button for ten seconds.");
        assertEquals(Map.of("user", "Customer", "assistant", "Agent"), s.get(0).metadata().get("speakers"));
        assertSample(s.get(1), "qa-prefix", loc("line", 14),
                "user", "Does the widget work outdoors?", "assistant", "Yes, it is rated IP65.");
        assertSample(s.get(2), "qa-prefix", loc("line", 17),
                "user", "How long is the warranty?", "assistant", "Two years from purchase.",
                "user", "Can I extend it?", "assistant", "Yes, to five years.");
        assertSample(s.get(3), "numbered-qa", loc("line", 22),
                "user", "What voltage does it need?", "assistant", "It needs 5 volts over USB-C.");
        assertSample(s.get(4), "numbered-qa", loc("line", 24),
                "user", "Which colours exist?", "assistant", "Red, blue and graphite.");
        assertSample(s.get(5), "speaker-transcript", loc("line", 30),
                "user", "What drew you to robotics?", "assistant", "My grandfather's workshop.",
                "user", "And what keeps you there?", "assistant", "Fixing things that others throw away.");
    }

    @Test
    void markdownFaqBoldHeadingLabelsChatAndPipeTable() throws Exception {
        Path file = dir.resolve("faq.md");
        Files.writeString(file, String.join("\n",
                "# Acme Widget FAQ",
                "",
                "Welcome to the FAQ. We update it monthly.",
                "",
                "## Does it float?",
                "",
                "No. It sinks quickly.",
                "",
                "Keep it away from pools.",
                "",
                "## Shipping",
                "",
                "Orders ship in two days.",
                "",
                "**Question:** Can I pay by invoice?",
                "**Answer:** Yes, for business customers.",
                "",
                "### Question",
                "What is the return window?",
                "### Answer",
                "Thirty days.",
                "",
                "Second paragraph of the answer.",
                "",
                "## Chat",
                "",
                "User: Summarise the manual.",
                "Assistant: It explains setup and care.",
                "",
                "| Question | Answer |",
                "|---|---|",
                "| Is it dishwasher safe? | No, hand wash only. |",
                ""));
        List<Sample> s = extract(file);
        assertEquals(5, s.size(), () -> s.toString());
        assertSample(s.get(0), "faq-heading", loc("heading", "Acme Widget FAQ", "line", 5),
                "user", "Does it float?", "assistant", "No. It sinks quickly.\n\nKeep it away from pools.");
        assertSample(s.get(1), "question-answer", loc("heading", "Acme Widget FAQ > Shipping", "line", 15),
                "user", "Can I pay by invoice?", "assistant", "Yes, for business customers.");
        assertSample(s.get(2), "question-answer", loc("heading", "Acme Widget FAQ > Shipping > Question", "line", 19),
                "user", "What is the return window?", "assistant", "Thirty days.\n\nSecond paragraph of the answer.");
        assertSample(s.get(3), "speaker-transcript", loc("heading", "Acme Widget FAQ > Chat", "line", 27),
                "user", "Summarise the manual.", "assistant", "It explains setup and care.");
        assertSample(s.get(4), "table-columns", loc("heading", "Acme Widget FAQ > Chat", "table", 1, "row", 2, "line", 32),
                "user", "Is it dishwasher safe?", "assistant", "No, hand wash only.");
    }

    @Test
    void docxHeadingsInterviewTableAndLabels() throws Exception {
        Path file = dir.resolve("handbook.docx");
        docx(file, List.of(
                h(1, "Acme Widget Handbook"),
                p("This handbook covers the basics."),
                h(2, "How do I charge the widget?"),
                p("Use the USB-C cable."),
                p("A full charge takes two hours."),
                h(2, "Interview"),
                p("Interviewer: Why did you build the widget?"),
                p("Candidate: Because chargers were too bulky."),
                p("Interviewer: What came next?"),
                p("Candidate: A smaller battery."),
                h(2, "Support table"),
                table(List.of(List.of("Question", "Answer"), List.of("Is there an app?", "Yes, for Android and iOS."),
                        List.of("Does it need Wi-Fi?", "No."))),
                p("Question: Is the widget waterproof?"),
                p("Answer: It is splash resistant."),
                p("Distractor: the end of the handbook.")));
        List<Sample> s = extract(file);
        assertEquals(5, s.size(), () -> s.toString());
        assertSample(s.get(0), "faq-heading", loc("heading", "Acme Widget Handbook"),
                "user", "How do I charge the widget?", "assistant", "Use the USB-C cable.\n\nA full charge takes two hours.");
        assertSample(s.get(1), "speaker-transcript", loc("heading", "Acme Widget Handbook > Interview"),
                "user", "Why did you build the widget?", "assistant", "Because chargers were too bulky.",
                "user", "What came next?", "assistant", "A smaller battery.");
        assertSample(s.get(2), "table-columns", loc("heading", "Acme Widget Handbook > Support table", "table", 1, "row", 2),
                "user", "Is there an app?", "assistant", "Yes, for Android and iOS.");
        assertSample(s.get(3), "table-columns", loc("heading", "Acme Widget Handbook > Support table", "table", 1, "row", 3),
                "user", "Does it need Wi-Fi?", "assistant", "No.");
        assertSample(s.get(4), "question-answer", loc("heading", "Acme Widget Handbook > Support table"),
                "user", "Is the widget waterproof?", "assistant", "It is splash resistant.");
    }

    @Test
    void pdfPagesAreLocators() throws Exception {
        Path file = dir.resolve("faq.pdf");
        pdf(file, List.of(
                List.of("Acme Widget FAQ", "", "Q: Is the battery replaceable?", "A: Yes, with a T5 screwdriver.", "",
                        "Random distractor sentence about nothing."),
                List.of("Question: Where is it made?", "Answer: In Porto, Portugal.", "", "",
                        "User: Reset the widget.", "Assistant: Hold the button for ten seconds.")));
        List<Sample> s = extract(file);
        assertEquals(3, s.size(), () -> s.toString());
        assertSample(s.get(0), "qa-prefix", loc("page", 1),
                "user", "Is the battery replaceable?", "assistant", "Yes, with a T5 screwdriver.");
        assertSample(s.get(1), "question-answer", loc("page", 2),
                "user", "Where is it made?", "assistant", "In Porto, Portugal.");
        assertSample(s.get(2), "speaker-transcript", loc("page", 2),
                "user", "Reset the widget.", "assistant", "Hold the button for ten seconds.");
    }

    @Test
    void xlsxSheetsAndRealRowNumbers() throws Exception {
        Path file = dir.resolve("qa.xlsx");
        xlsx(file, sheets(
                Map.entry("Intro", rows(List.of("Acme price list"), List.of("Widget", "10 EUR"))),
                Map.entry("FAQ", rows(List.of("ID", "Question", "Answer"),
                        List.of("1", "How heavy is it?", "120 grams."),
                        null,
                        List.of("3", "Is it recyclable?", "Yes, fully."),
                        List.of("4", "", "An answer without a question.")))));
        List<Sample> s = extract(file);
        assertEquals(2, s.size(), () -> s.toString());
        assertSample(s.get(0), "table-columns", loc("sheet", "FAQ", "row", 2),
                "user", "How heavy is it?", "assistant", "120 grams.");
        assertSample(s.get(1), "table-columns", loc("sheet", "FAQ", "row", 4),
                "user", "Is it recyclable?", "assistant", "Yes, fully.");
    }

    @Test
    void questionAndAnswerColumnNamesAreConfigurable() throws Exception {
        Path file = dir.resolve("custom.xlsx");
        xlsx(file, sheets(Map.entry("Pairs", rows(List.of("Kundenfrage", "Antwort des Teams"),
                List.of("Wie lange dauert der Versand?", "Zwei Tage.")))));
        assertEquals(0, extract(file).size());
        options.questionColumns = List.of("Kundenfrage");
        options.answerColumns = List.of("Antwort des Teams");
        List<Sample> s = extract(file);
        assertEquals(1, s.size());
        assertSample(s.get(0), "table-columns", loc("sheet", "Pairs", "row", 2),
                "user", "Wie lange dauert der Versand?", "assistant", "Zwei Tage.");
    }

    @Test
    void pptxSlidesAndSlideTables() throws Exception {
        Path file = dir.resolve("deck.pptx");
        pptx(file, List.of(
                new Slide("Acme Widget Q&A", "Q: Can kids use it?\nA: Yes, from age 8."),
                new Slide("Agenda", "Roadmap\nPricing\nQuestions"),
                new Slide(List.of("Open questions"), List.of(List.of("Question", "Answer"),
                        List.of("Does it need batteries?", "No, it has a built-in cell.")))));
        List<Sample> s = extract(file);
        assertEquals(2, s.size(), () -> s.toString());
        assertSample(s.get(0), "qa-prefix", loc("slide", 1), "user", "Can kids use it?", "assistant", "Yes, from age 8.");
        assertSample(s.get(1), "table-columns", loc("slide", 3, "table", 1, "row", 2),
                "user", "Does it need batteries?", "assistant", "No, it has a built-in cell.");
    }

    @Test
    void csvRowsWithQuotedCommasAndNewlines() throws Exception {
        Path file = dir.resolve("pairs.csv");
        Files.writeString(file, "Category,Question,Answer\n"
                + "returns,\"Can I return it, if opened?\",Yes within 30 days.\n"
                + "care,How do I clean it?,\"Wipe it with a dry cloth.\nNever use solvents.\"\n"
                + "misc,No answer here?,\n");
        List<Sample> s = extract(file);
        assertEquals(2, s.size(), () -> s.toString());
        assertSample(s.get(0), "table-columns", loc("table", 1, "row", 2),
                "user", "Can I return it, if opened?", "assistant", "Yes within 30 days.");
        assertSample(s.get(1), "table-columns", loc("table", 1, "row", 3),
                "user", "How do I clean it?", "assistant", "Wipe it with a dry cloth.\nNever use solvents.");
    }

    @Test
    void htmlHeadingsBoldLabelsAndTables() throws Exception {
        Path file = dir.resolve("help.html");
        Files.writeString(file, "<html><head><title>Help</title><style>p{color:red}</style></head><body>"
                + "<h1>Help Center</h1><p>Find answers below.</p>"
                + "<h2>Can I change my address?</h2><p>Yes, in your account settings.</p>"
                + "<h2>More</h2><p><strong>Question:</strong> Do you ship abroad?</p><p><b>Answer:</b> To 30 countries.</p>"
                + "<table><tr><th>Q</th><th>A</th></tr><tr><td>Is there a newsletter?</td><td>Monthly.</td></tr></table>"
                + "<script>var q = 'Q: not content';</script></body></html>");
        List<Sample> s = extract(file);
        assertEquals(3, s.size(), () -> s.toString());
        assertSample(s.get(0), "faq-heading", loc("heading", "Help Center"),
                "user", "Can I change my address?", "assistant", "Yes, in your account settings.");
        assertSample(s.get(1), "question-answer", loc("heading", "Help Center > More"),
                "user", "Do you ship abroad?", "assistant", "To 30 countries.");
        assertSample(s.get(2), "table-columns", loc("heading", "Help Center > More", "table", 1, "row", 2),
                "user", "Is there a newsletter?", "assistant", "Monthly.");
    }

    @Test
    void minTurnsDropsShortConversations() throws Exception {
        Path file = dir.resolve("mix.txt");
        Files.writeString(file, "Q: One?\nA: Single pair.\n\nUser: First?\nAssistant: Yes.\nUser: Second?\nAssistant: Also yes.\n");
        assertEquals(2, extract(file).size());
        options.minTurns = 4;
        List<Sample> s = extract(file);
        assertEquals(1, s.size());
        assertEquals(4, s.get(0).messages().size());
    }

    @Test
    void includeContextAddsTheSurroundingHeadingOrParagraphMarkedAsContext() throws Exception {
        Path file = dir.resolve("ctx.md");
        Files.writeString(file, "# Returns policy\n\nQ: Can I return a gift?\nA: Yes, with the receipt.\n\n"
                + "These answers apply to EU orders.\nQ: Who pays postage?\nA: We do.\n\n## Is the box needed?\n\nNo.\n");
        options.includeContext = true;
        List<Sample> s = extract(file);
        assertEquals(3, s.size(), () -> s.toString());
        assertEquals("Returns policy", s.get(0).system());
        assertEquals("heading", s.get(0).metadata().get("context"));
        assertEquals("These answers apply to EU orders.", s.get(1).system());
        assertEquals("paragraph", s.get(1).metadata().get("context"));
        assertEquals("Returns policy", s.get(2).system()); // a FAQ heading's context is its parent heading
        options.includeContext = false;
        for (Sample x : extract(file)) {
            assertNull(x.system());
            assertNull(x.metadata().get("context"));
        }
    }
}
