package ftkit.quality;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a curation run checks and removes.
 *
 * @param nearThreshold     MinHash Jaccard threshold for near-duplicates, or null to skip them
 * @param semanticThreshold duplicate-score threshold for semantic duplicates (see {@link SampleVectors}), or null to skip them
 * @param embeddings        compute MiniLM embeddings (needed for semantic duplicates, off-topic answers, dispersion)
 * @param offTopicThreshold question-answer cosine under which an answer is flagged off_topic
 * @param minAnswerWords    answers with fewer words are flagged too_short
 * @param drop              reason codes whose samples are removed (see {@link #DROP_NAMES}); others are only reported
 * @param plan              planned shares for the balance table, or null
 * @param judgeMin          remove samples the judge scores below this (null: keep all, only annotate)
 * @param language          expected ISO 639-1 language of questions and answers (null: only question-answer mismatch)
 */
public record CurateOptions(Double nearThreshold, Double semanticThreshold, boolean embeddings,
                            double offTopicThreshold, int minAnswerWords, Set<String> drop, PlanShares plan,
                            Double judgeMin, String language) {

    public static final String EXACT = "exact_duplicate";
    public static final String NEAR = "near_duplicate";
    public static final String SEMANTIC = "semantic_duplicate";
    public static final String JUDGE = "judge_below_threshold";

    /** Names accepted by {@code --drop} and the reason codes they stand for. */
    public static final Map<String, String> DROP_NAMES = Map.ofEntries(
            Map.entry("exact", EXACT), Map.entry("near", NEAR), Map.entry("semantic", SEMANTIC),
            Map.entry("short", HeuristicChecks.TOO_SHORT), Map.entry("truncated", HeuristicChecks.TRUNCATED),
            Map.entry("refusal", HeuristicChecks.REFUSAL), Map.entry("leakage", HeuristicChecks.LEAKAGE),
            Map.entry("language", HeuristicChecks.LANGUAGE), Map.entry("wrong-language", HeuristicChecks.WRONG_LANGUAGE),
            Map.entry("off-topic", HeuristicChecks.OFF_TOPIC),
            Map.entry("no-answer", HeuristicChecks.NO_ANSWER), Map.entry("judge", JUDGE));

    public static CurateOptions defaults() {
        return new CurateOptions(0.7, null, false, SampleVectors.DEFAULT_OFF_TOPIC_THRESHOLD, 3,
                Set.of(EXACT, NEAR), null, null, null);
    }

    /** Parses {@code --drop} names (comma separated, "all" for every check, "none" for none). */
    public static Set<String> parseDrop(List<String> names) {
        Set<String> codes = new LinkedHashSet<>();
        for (String raw : names) {
            for (String part : raw.split(",")) {
                String n = part.trim().toLowerCase(Locale.ROOT);
                if (n.isEmpty() || n.equals("none")) continue;
                if (n.equals("all")) {
                    codes.addAll(DROP_NAMES.values());
                    continue;
                }
                String code = DROP_NAMES.get(n);
                if (code == null) {
                    throw new IllegalArgumentException("unknown --drop value '" + part.trim() + "' (known: all, none, "
                            + String.join(", ", new java.util.TreeSet<>(DROP_NAMES.keySet())) + ")");
                }
                codes.add(code);
            }
        }
        return codes;
    }

    public CurateOptions withDrop(Set<String> codes) {
        return new CurateOptions(nearThreshold, semanticThreshold, embeddings, offTopicThreshold, minAnswerWords, codes, plan, judgeMin, language);
    }

    public CurateOptions withSemantic(Double threshold) {
        return new CurateOptions(nearThreshold, threshold, embeddings || threshold != null, offTopicThreshold, minAnswerWords, drop, plan, judgeMin, language);
    }

    public CurateOptions withNear(Double threshold) {
        return new CurateOptions(threshold, semanticThreshold, embeddings, offTopicThreshold, minAnswerWords, drop, plan, judgeMin, language);
    }

    public CurateOptions withEmbeddings(boolean on) {
        return new CurateOptions(nearThreshold, semanticThreshold, on, offTopicThreshold, minAnswerWords, drop, plan, judgeMin, language);
    }

    public CurateOptions withPlan(PlanShares newPlan) {
        return new CurateOptions(nearThreshold, semanticThreshold, embeddings, offTopicThreshold, minAnswerWords, drop, newPlan, judgeMin, language);
    }

    public CurateOptions withJudgeMin(Double min) {
        return new CurateOptions(nearThreshold, semanticThreshold, embeddings, offTopicThreshold, minAnswerWords, drop, plan, min, language);
    }

    public CurateOptions withMinAnswerWords(int words) {
        return new CurateOptions(nearThreshold, semanticThreshold, embeddings, offTopicThreshold, words, drop, plan, judgeMin, language);
    }

    public CurateOptions withOffTopicThreshold(double t) {
        return new CurateOptions(nearThreshold, semanticThreshold, embeddings, t, minAnswerWords, drop, plan, judgeMin, language);
    }

    /** Expect this language (ISO 639-1; null for none): samples detected in another are flagged wrong_language. */
    public CurateOptions withLanguage(String code) {
        if (code != null) LanguageGuess.language(code); // fails early on an unknown code
        return new CurateOptions(nearThreshold, semanticThreshold, embeddings, offTopicThreshold, minAnswerWords, drop, plan, judgeMin,
                code == null ? null : code.strip().toLowerCase(Locale.ROOT));
    }
}
