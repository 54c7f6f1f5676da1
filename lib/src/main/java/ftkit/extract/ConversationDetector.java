package ftkit.extract;

import ftkit.model.Message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic stage of identify mode: finds conversations that already exist in a document and returns
 * them as spans of its text, so every message is verbatim by construction. Detectors run in this order and
 * each line belongs to at most one conversation:
 * <ol>
 *   <li>{@value #TABLE}: tables and sheets whose header row names a question and an answer column;</li>
 *   <li>{@value #QA_PREFIX} ({@code Q:}/{@code A:}) and {@value #QUESTION_ANSWER} ({@code Question:}/{@code Answer:},
 *       plain, bold or heading): consecutive pairs with no blank line between them form one multi-turn
 *       conversation, pairs separated by a blank line are separate samples;</li>
 *   <li>{@value #SPEAKERS}: {@code User:}/{@code Assistant:}, {@code Customer:}/{@code Agent:},
 *       {@code Interviewer:}/{@code Candidate:} or two names with colons; a transcript runs until a heading or an
 *       unlabelled paragraph;</li>
 *   <li>{@value #NUMBERED}: "1. …?" followed by one lettered ("a) …") or indented answer;</li>
 *   <li>{@value #FAQ_HEADING}: a heading ending in "?" followed by its paragraphs up to the next heading.</li>
 * </ol>
 * A message ends at the next label, a heading, or a blank line (unless its label was a line of its own).
 */
public final class ConversationDetector {
    public static final String TABLE = "table-columns";
    public static final String QA_PREFIX = "qa-prefix";
    public static final String QUESTION_ANSWER = "question-answer";
    public static final String SPEAKERS = "speaker-transcript";
    public static final String NUMBERED = "numbered-qa";
    public static final String FAQ_HEADING = "faq-heading";
    public static final String CHAT_JSON = "chat-json";

    public static final List<String> DEFAULT_QUESTION_COLUMNS = List.of("question", "questions", "q", "prompt", "user",
            "user message", "input", "instruction", "query");
    public static final List<String> DEFAULT_ANSWER_COLUMNS = List.of("answer", "answers", "a", "response", "reply",
            "completion", "assistant", "assistant message", "output");

    /** A message as a [start, end) span of the document text (already trimmed), with its role and speaker label. */
    public record Span(String role, int start, int end, String speaker) {
    }

    /**
     * One conversation found: detector, messages, where it starts (line index), an optional context span (the
     * surrounding heading or paragraph) and the locator of its first message.
     */
    public record Found(String detector, List<Span> messages, int firstLine, Map<String, Object> locator,
                        Span context, String contextFrom) {
        public int start() {
            return messages.get(0).start();
        }
    }

    private static final Pattern QA_LABEL = Pattern.compile(
            "^[ \\t]*(#{1,6}[ \\t]+)?([*_]{1,2})?(Q|A|(?i:question|answer))(?:[ \\t]*\\d{1,3})?([*_]{1,2})?[ \\t]*([:：])?"
                    + "[ \\t]*([*_]{1,2})?(?=\\s|$)[ \\t]*(.*)$");
    private static final String NAME_WORD = "\\p{Lu}[\\p{L}\\p{M}'’.\\-]*";
    private static final Pattern SPEAKER_LABEL = Pattern.compile(
            "^[ \\t]*(?:[\\[(]?\\d{1,2}:\\d{2}(?::\\d{2})?(?:[ ]?[AaPp][Mm])?[\\])]?[ \\t]+)?(?:[*_]{1,2})?"
                    + "(" + NAME_WORD + "(?:[ \\t]" + NAME_WORD + "){0,3}|(?i:user|assistant|human|ai|bot|agent|customer))"
                    + "(?:[ \\t]*\\([^)\\n]{1,40}\\))?(?:[*_]{1,2})?[ \\t]*:(?:[*_]{1,2})?(?:[ \\t]+(\\S.*))?[ \\t]*$");
    private static final Pattern NUMBERED_QUESTION = Pattern.compile("^([ \\t]*)(\\d{1,3})[.)][ \\t]+(\\S.*\\?)[ \\t]*$");
    private static final Pattern LETTERED = Pattern.compile("^[ \\t]*([A-Za-z])[.)][ \\t]+(\\S.*)$");

    private static final Map<String, String> KNOWN_ROLES = new LinkedHashMap<>();
    private static final Set<String> NOT_SPEAKERS = Set.of("note", "notes", "tip", "tips", "warning", "caution",
            "important", "example", "examples", "price", "cost", "date", "time", "email", "e-mail", "phone", "tel",
            "fax", "address", "subject", "from", "to", "cc", "bcc", "re", "fw", "source", "sources", "step", "total",
            "name", "title", "author", "version", "status", "summary", "description", "result", "results", "output",
            "input", "error", "see", "update", "edit", "ps", "nb", "fyi", "todo", "http", "https", "url", "link",
            "tags", "category", "location", "website", "hint", "definition", "objective", "goal", "conclusion",
            "introduction", "chapter", "section", "figure", "table", "page", "level", "type", "size", "colour",
            "color", "id", "key", "value", "score", "rating", "duration", "deadline", "owner", "priority", "product",
            "sku", "warranty", "delivery", "contact", "channel", "platform", "language", "topic", "agenda", "hours", "opening hours", "monday", "tuesday", "wednesday",
            "thursday", "friday", "saturday", "sunday", "remember", "reminder", "attention", "disclaimer",
            "copyright", "ingredients", "requirements", "benefits", "features", "pros", "cons", "q", "a");

    static {
        for (String s : List.of("user", "human", "customer", "client", "interviewer", "student", "patient", "caller",
                "guest", "visitor", "learner", "buyer", "me", "questioner", "asker", "reporter", "journalist")) {
            KNOWN_ROLES.put(s, Message.USER);
        }
        for (String s : List.of("assistant", "ai", "bot", "chatbot", "agent", "support", "candidate", "interviewee",
                "expert", "doctor", "teacher", "tutor", "representative", "rep", "advisor", "adviser", "consultant",
                "gpt", "chatgpt", "claude", "model", "helpdesk", "operator", "staff", "librarian", "instructor",
                "professor", "coach", "mentor", "respondent", "technician", "specialist", "pharmacist")) {
            KNOWN_ROLES.put(s, Message.ASSISTANT);
        }
    }

    private final Set<String> questionColumns;
    private final Set<String> answerColumns;
    private final int minTurns;
    private final boolean includeContext;

    public ConversationDetector(int minTurns, boolean includeContext, List<String> questionColumns,
                                List<String> answerColumns) {
        this.minTurns = Math.max(1, minTurns);
        this.includeContext = includeContext;
        this.questionColumns = normalised(questionColumns);
        this.answerColumns = normalised(answerColumns);
    }

    public ConversationDetector() {
        this(2, false, DEFAULT_QUESTION_COLUMNS, DEFAULT_ANSWER_COLUMNS);
    }

    private static Set<String> normalised(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) out.add(normaliseHeader(n));
        return out;
    }

    static String normaliseHeader(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /** All conversations in the document, in text order, with at least {@code minTurns} messages. */
    public List<Found> detect(DocumentText doc) {
        String text = doc.text();
        boolean[] claimed = new boolean[doc.lines().size()];
        List<Found> found = new ArrayList<>();
        detectTables(doc, claimed, found);
        detectLabelled(doc, text, claimed, found);
        detectNumbered(doc, text, claimed, found);
        detectFaqHeadings(doc, text, claimed, found);
        List<Found> kept = new ArrayList<>();
        for (Found f : found) {
            if (f.messages().size() < minTurns) continue;
            Found withContext = includeContext ? withContext(doc, text, claimed, f) : f;
            kept.add(withContext);
        }
        kept.sort(Comparator.comparingInt(Found::start));
        return kept;
    }

    // ---- tables -------------------------------------------------------------------------------------------

    private void detectTables(DocumentText doc, boolean[] claimed, List<Found> found) {
        String text = doc.text();
        List<DocumentText.Row> rows = doc.rows();
        int i = 0;
        while (i < rows.size()) {
            int table = rows.get(i).table();
            int j = i;
            while (j < rows.size() && rows.get(j).table() == table) j++;
            DocumentText.Row header = rows.get(i);
            int q = -1, a = -1;
            for (int c = 0; c < header.cells().size(); c++) {
                String name = normaliseHeader(header.cell(text, c));
                if (q < 0 && questionColumns.contains(name)) q = c;
                else if (a < 0 && answerColumns.contains(name)) a = c;
            }
            if (q >= 0 && a >= 0) {
                int headerLine = doc.lineAt(header.start());
                for (int r = i + 1; r < j; r++) {
                    DocumentText.Row row = rows.get(r);
                    if (row.cells().size() <= Math.max(q, a)) continue;
                    int[] qs = row.cells().get(q), as = row.cells().get(a);
                    if (qs[0] >= qs[1] || as[0] >= as[1]) continue;
                    List<Span> messages = List.of(new Span(Message.USER, qs[0], qs[1], null),
                            new Span(Message.ASSISTANT, as[0], as[1], null));
                    found.add(new Found(TABLE, messages, headerLine, row.locator(), null, null));
                }
                for (int l = headerLine; l <= doc.lineAt(rows.get(j - 1).end()); l++) claimed[l] = true;
            }
            i = j;
        }
    }

    // ---- labelled turns: Q:/A:, Question:/Answer:, speakers ----------------------------------------------

    /** A line that starts a turn. */
    private record Label(boolean qa, String name, String role, int contentStart, boolean labelOnly, boolean heading) {
    }

    private Label label(DocumentText doc, String text, int lineIndex) {
        DocumentText.Line line = doc.lines().get(lineIndex);
        if (line.inTable()) return null;
        String s = text.substring(line.start(), line.end());
        Matcher m = QA_LABEL.matcher(s);
        if (m.matches()) {
            boolean heading = m.group(1) != null || line.heading() > 0;
            boolean emphasis = m.group(2) != null || m.group(4) != null || m.group(6) != null;
            boolean colon = m.group(5) != null;
            String word = m.group(3);
            String rest = m.group(7);
            boolean shortLabel = word.length() == 1;
            if (colon || ((heading || emphasis) && !shortLabel) || (heading && rest.isEmpty())) {
                boolean question = word.equalsIgnoreCase("q") || word.equalsIgnoreCase("question");
                // "Question" (a word) and "Q" (a letter) are two detectors: their conventions differ
                String name = shortLabel ? "Q/A" : "Question/Answer";
                return new Label(true, name, question ? Message.USER : Message.ASSISTANT,
                        line.start() + m.start(7), rest.isEmpty(), heading);
            }
        }
        if (line.heading() > 0) return null;
        Matcher sp = SPEAKER_LABEL.matcher(s);
        if (sp.matches()) {
            String name = sp.group(1).strip();
            String key = name.toLowerCase(Locale.ROOT);
            if (NOT_SPEAKERS.contains(key)) return null;
            String role = roleOf(key);
            boolean labelOnly = sp.group(2) == null;
            if (labelOnly && role == null) return null;
            int contentStart = labelOnly ? line.end() : line.start() + sp.start(2);
            return new Label(false, name, role, contentStart, labelOnly, false);
        }
        return null;
    }

    private static String roleOf(String lowerName) {
        String r = KNOWN_ROLES.get(lowerName);
        if (r != null) return r;
        int space = lowerName.lastIndexOf(' ');
        return space < 0 ? null : KNOWN_ROLES.get(lowerName.substring(space + 1));
    }

    /** A turn found in the text, before roles are settled. */
    private record Turn(Label label, int start, int end, int firstLine, int lastLine, int blankLinesBefore) {
    }

    private void detectLabelled(DocumentText doc, String text, boolean[] claimed, List<Found> found) {
        int n = doc.lines().size();
        int i = 0;
        while (i < n) {
            Label first = claimed[i] ? null : label(doc, text, i);
            if (first == null) {
                i++;
                continue;
            }
            List<Turn> turns = new ArrayList<>();
            int cursor = i;
            int blanks = 0;
            while (cursor < n) {
                Label l = claimed[cursor] ? null : label(doc, text, cursor);
                if (l == null || l.qa() != first.qa()) break;
                Turn t = readTurn(doc, text, claimed, cursor, l, blanks);
                turns.add(t);
                int next = t.lastLine() + 1;
                blanks = 0;
                while (next < n && !claimed[next] && doc.lines().get(next).isBlank(text)
                        && doc.lines().get(next).heading() == 0) {
                    next++;
                    blanks++;
                }
                if (!first.qa() && blanks > 2) break; // a long gap ends a transcript
                cursor = next;
            }
            int last = turns.get(turns.size() - 1).lastLine();
            List<List<Turn>> conversations = first.qa() ? splitPairs(turns) : List.of(turns);
            for (List<Turn> conversation : conversations) {
                Found f = first.qa() ? qaConversation(doc, conversation) : speakerConversation(doc, conversation);
                if (f != null) found.add(f);
            }
            for (int l = i; l <= last; l++) claimed[l] = true;
            i = last + 1;
        }
    }

    private Turn readTurn(DocumentText doc, String text, boolean[] claimed, int lineIndex, Label l, int blanksBefore) {
        int n = doc.lines().size();
        int start = l.contentStart();
        int end = doc.lines().get(lineIndex).end();
        int lastLine = lineIndex;
        int k = lineIndex + 1;
        if (l.labelOnly()) {
            // the content is on the following lines: skip blank lines up to it
            while (k < n && doc.lines().get(k).isBlank(text) && !claimed[k]) k++;
            if (k >= n || claimed[k] || doc.lines().get(k).heading() > 0 || doc.lines().get(k).inTable()
                    || label(doc, text, k) != null) {
                return new Turn(l, start, start, lineIndex, lineIndex, blanksBefore);
            }
            start = doc.lines().get(k).start();
            end = doc.lines().get(k).end();
            lastLine = k;
            k++;
        }
        while (k < n && !claimed[k]) {
            DocumentText.Line line = doc.lines().get(k);
            if (line.heading() > 0 || line.inTable()) break;
            if (line.isBlank(text)) {
                if (!(l.labelOnly() && l.heading())) break;
                // under a heading-style label the content runs across paragraphs up to the next label or heading
                int m = k;
                while (m < n && doc.lines().get(m).isBlank(text)) m++;
                if (m >= n || claimed[m] || doc.lines().get(m).heading() > 0 || doc.lines().get(m).inTable()
                        || label(doc, text, m) != null) break;
                k = m;
                continue;
            }
            if (label(doc, text, k) != null) break;
            end = line.end();
            lastLine = k;
            k++;
        }
        int[] trimmed = trim(text, start, end);
        return new Turn(l, trimmed[0], trimmed[1], lineIndex, lastLine, blanksBefore);
    }

    /** Q/A pairs separated by a blank line are separate entries (an FAQ); a block without blank lines is one dialogue. */
    private static List<List<Turn>> splitPairs(List<Turn> turns) {
        List<List<Turn>> out = new ArrayList<>();
        List<Turn> current = new ArrayList<>();
        for (Turn t : turns) {
            boolean startsExchange = Message.USER.equals(t.label().role());
            boolean previousAnswered = !current.isEmpty()
                    && Message.ASSISTANT.equals(current.get(current.size() - 1).label().role());
            if (startsExchange && previousAnswered && t.blankLinesBefore() > 0) {
                out.add(current);
                current = new ArrayList<>();
            }
            current.add(t);
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    private Found qaConversation(DocumentText doc, List<Turn> turns) {
        List<Span> messages = new ArrayList<>();
        for (Turn t : turns) {
            if (t.start() >= t.end()) continue;
            messages.add(new Span(t.label().role(), t.start(), t.end(), null));
        }
        messages = trimToExchange(messages);
        if (messages.isEmpty()) return null;
        String detector = turns.get(0).label().name().equals("Q/A") ? QA_PREFIX : QUESTION_ANSWER;
        return new Found(detector, messages, labelLine(turns, messages), locatorOf(doc, messages), null, null);
    }

    private Found speakerConversation(DocumentText doc, List<Turn> turns) {
        // a header line ("Channel: web") or a sign-off by a third name is not part of the dialogue
        Map<String, Integer> count = new LinkedHashMap<>();
        for (Turn t : turns) count.merge(t.label().name(), 1, Integer::sum);
        int from = 0, to = turns.size();
        while (to - from > 2 && count.size() > 2 && count.get(turns.get(from).label().name()) == 1
                && roleOf(turns.get(from).label().name().toLowerCase(Locale.ROOT)) == null) {
            count.remove(turns.get(from++).label().name());
        }
        while (to - from > 2 && count.size() > 2 && count.get(turns.get(to - 1).label().name()) == 1
                && roleOf(turns.get(to - 1).label().name().toLowerCase(Locale.ROOT)) == null) {
            count.remove(turns.get(--to).label().name());
        }
        turns = turns.subList(from, to);
        List<String> speakers = new ArrayList<>();
        for (Turn t : turns) if (!speakers.contains(t.label().name())) speakers.add(t.label().name());
        if (speakers.size() != 2) return null; // one voice is not a conversation; three or more are not two-party
        String a = speakers.get(0), b = speakers.get(1);
        String roleA = roleOf(a.toLowerCase(Locale.ROOT)), roleB = roleOf(b.toLowerCase(Locale.ROOT));
        boolean known = roleA != null || roleB != null;
        if (roleA != null && roleA.equals(roleB)) {
            roleA = Message.USER; // two people with the same kind of title: the first to speak asks
            roleB = Message.ASSISTANT;
        } else if (roleA == null && roleB == null) {
            roleA = Message.USER;
            roleB = Message.ASSISTANT;
        } else if (roleA == null) {
            roleA = opposite(roleB);
        } else if (roleB == null) {
            roleB = opposite(roleA);
        }
        if (!known) {
            // two arbitrary names with colons must really alternate, at least twice each, to count as a dialogue
            if (turns.size() < 4) return null;
            for (int i = 1; i < turns.size(); i++) {
                if (turns.get(i).label().name().equals(turns.get(i - 1).label().name())) return null;
            }
        }
        List<Span> messages = new ArrayList<>();
        for (Turn t : turns) {
            if (t.start() >= t.end()) continue;
            String role = t.label().name().equals(a) ? roleA : roleB;
            messages.add(new Span(role, t.start(), t.end(), t.label().name()));
        }
        messages = trimToExchange(messages);
        if (messages.isEmpty()) return null;
        return new Found(SPEAKERS, messages, labelLine(turns, messages), locatorOf(doc, messages), null, null);
    }

    private static String opposite(String role) {
        return Message.USER.equals(role) ? Message.ASSISTANT : Message.USER;
    }

    /** Drops leading answers (a greeting before the first question) and trailing questions without an answer. */
    private static List<Span> trimToExchange(List<Span> messages) {
        int from = 0, to = messages.size();
        while (from < to && !Message.USER.equals(messages.get(from).role())) from++;
        while (to > from && !Message.ASSISTANT.equals(messages.get(to - 1).role())) to--;
        return to - from >= 2 ? new ArrayList<>(messages.subList(from, to)) : List.of();
    }

    // ---- numbered questions -------------------------------------------------------------------------------

    private void detectNumbered(DocumentText doc, String text, boolean[] claimed, List<Found> found) {
        int n = doc.lines().size();
        for (int i = 0; i < n; i++) {
            if (claimed[i] || doc.lines().get(i).inTable()) continue;
            DocumentText.Line qLine = doc.lines().get(i);
            Matcher q = NUMBERED_QUESTION.matcher(text.substring(qLine.start(), qLine.end()));
            if (!q.matches()) continue;
            int indent = width(q.group(1));
            int j = i + 1;
            if (j < n && doc.lines().get(j).isBlank(text)) j++; // one blank line may separate question and answer
            if (j >= n || claimed[j] || doc.lines().get(j).inTable() || doc.lines().get(j).heading() > 0) continue;
            DocumentText.Line aLine = doc.lines().get(j);
            String aText = text.substring(aLine.start(), aLine.end());
            if (NUMBERED_QUESTION.matcher(aText).matches()) continue;
            int start, end, last = j;
            Matcher letter = LETTERED.matcher(aText);
            if (letter.matches()) {
                start = aLine.start() + letter.start(2);
                end = aLine.end();
                int k = j + 1;
                while (k < n && !claimed[k] && !doc.lines().get(k).isBlank(text) && doc.lines().get(k).heading() == 0
                        && !doc.lines().get(k).inTable()) {
                    String next = text.substring(doc.lines().get(k).start(), doc.lines().get(k).end());
                    if (NUMBERED_QUESTION.matcher(next).matches()) break;
                    if (LETTERED.matcher(next).matches()) {
                        start = -1; // several lettered lines: a multiple-choice question, not an answer
                        break;
                    }
                    end = doc.lines().get(k).end();
                    last = k;
                    k++;
                }
                if (start < 0) continue;
                int m = k;
                while (m < n && doc.lines().get(m).isBlank(text)) m++;
                if (m < n && m == k + 1 && LETTERED.matcher(text.substring(doc.lines().get(m).start(),
                        doc.lines().get(m).end())).matches()) {
                    continue; // options separated by blank lines: still multiple choice
                }
            } else {
                int aIndent = width(leadingWhitespace(aText));
                if (aIndent < indent + 2 || aText.isBlank()) continue;
                start = aLine.start();
                end = aLine.end();
                int k = j + 1;
                while (k < n && !claimed[k] && !doc.lines().get(k).isBlank(text)) {
                    String next = text.substring(doc.lines().get(k).start(), doc.lines().get(k).end());
                    if (width(leadingWhitespace(next)) < indent + 2) break;
                    end = doc.lines().get(k).end();
                    last = k;
                    k++;
                }
            }
            int qStart = qLine.start() + q.start(3), qEnd = qLine.start() + q.end(3);
            int[] a = trim(text, start, end);
            if (a[0] >= a[1]) continue;
            List<Span> messages = List.of(new Span(Message.USER, qStart, qEnd, null),
                    new Span(Message.ASSISTANT, a[0], a[1], null));
            found.add(new Found(NUMBERED, messages, i, qLine.locator(), null, null));
            for (int l = i; l <= last; l++) claimed[l] = true;
            i = last;
        }
    }

    private static String leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return s.substring(0, i);
    }

    private static int width(String whitespace) {
        int w = 0;
        for (char c : whitespace.toCharArray()) w += c == '\t' ? 4 : 1;
        return w;
    }

    // ---- FAQ headings ---------------------------------------------------------------------------------------

    private void detectFaqHeadings(DocumentText doc, String text, boolean[] claimed, List<Found> found) {
        int n = doc.lines().size();
        for (int i = 0; i < n; i++) {
            DocumentText.Line h = doc.lines().get(i);
            if (h.heading() == 0 || claimed[i]) continue;
            int[] q = trim(text, h.contentStart(), h.end());
            if (q[0] >= q[1] || text.charAt(q[1] - 1) != '?') continue;
            int k = i + 1;
            int start = -1, end = -1, last = i;
            while (k < n && !claimed[k] && doc.lines().get(k).heading() == 0 && !doc.lines().get(k).inTable()) {
                DocumentText.Line line = doc.lines().get(k);
                if (!line.isBlank(text)) {
                    if (start < 0) start = line.start();
                    end = line.end();
                    last = k;
                }
                k++;
            }
            if (start < 0) continue;
            int[] a = trim(text, start, end);
            List<Span> messages = List.of(new Span(Message.USER, q[0], q[1], null),
                    new Span(Message.ASSISTANT, a[0], a[1], null));
            found.add(new Found(FAQ_HEADING, messages, i, h.locator(), null, null));
            for (int l = i; l <= last; l++) claimed[l] = true;
        }
    }

    // ---- context --------------------------------------------------------------------------------------------

    private static final int MAX_CONTEXT_CHARS = 2000;

    /**
     * The text just before a conversation: an unclaimed paragraph right above it, else the nearest heading
     * above it. Both are verbatim spans of the document, returned as the sample's context.
     */
    private Found withContext(DocumentText doc, String text, boolean[] claimed, Found f) {
        int k = f.firstLine() - 1;
        while (k >= 0 && doc.lines().get(k).isBlank(text)) k--;
        if (k < 0) return f;
        DocumentText.Line line = doc.lines().get(k);
        // a FAQ heading's context is its parent heading; a paragraph above it belongs to the previous section
        int ownLevel = doc.lines().get(f.firstLine()).heading();
        if (ownLevel == 0 && line.heading() == 0 && !claimed[k] && !line.inTable()) {
            int first = k;
            while (first > 0 && !claimed[first - 1] && !doc.lines().get(first - 1).isBlank(text)
                    && doc.lines().get(first - 1).heading() == 0 && !doc.lines().get(first - 1).inTable()) first--;
            int[] span = trim(text, doc.lines().get(first).start(), line.end());
            if (span[1] - span[0] <= MAX_CONTEXT_CHARS && span[0] < span[1]) {
                return new Found(f.detector(), f.messages(), f.firstLine(), f.locator(),
                        new Span(Message.SYSTEM, span[0], span[1], null), "paragraph");
            }
        }
        for (int h = f.firstLine() - 1; h >= 0; h--) {
            DocumentText.Line hl = doc.lines().get(h);
            if (hl.heading() > 0 && (ownLevel == 0 || hl.heading() < ownLevel)) {
                int[] span = trim(text, hl.contentStart(), hl.end());
                if (span[0] >= span[1]) return f;
                return new Found(f.detector(), f.messages(), f.firstLine(), f.locator(),
                        new Span(Message.SYSTEM, span[0], span[1], null), "heading");
            }
        }
        return f;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** The line holding the label of the first kept message (context is looked for above it). */
    private static int labelLine(List<Turn> turns, List<Span> messages) {
        for (Turn t : turns) if (t.start() == messages.get(0).start()) return t.firstLine();
        return turns.get(0).firstLine();
    }

    private static Map<String, Object> locatorOf(DocumentText doc, List<Span> messages) {
        return doc.lines().get(doc.lineAt(messages.get(0).start())).locator();
    }

    static int[] trim(String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) start++;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
        return new int[]{start, end};
    }
}
