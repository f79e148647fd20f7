package org.explaint.analysis.tokens;

/**
 * The rule that labels an attention-based relation claim, as data: its name, its thresholds and
 * the sentence printed with every result.
 *
 * <p>A claim is {@code not warranted} when its rollout-adjusted score does not rise above the
 * offset baseline's interval (score at or below the interval's upper end) or when the identity
 * identifiability of the states its head reads (the input of its block, against {@code embed})
 * is below {@code minIdentifiability}; {@code warranted} when the lower end of the
 * rollout-adjusted score's interval lies above the baseline interval's upper end and the
 * identifiability is at least {@code goodIdentifiability}; {@code weak} otherwise.
 *
 * @param name                a short name printed with the verdicts
 * @param minIdentifiability  below this the head's keys no longer stand for their tokens
 * @param goodIdentifiability at or above this the keys are taken to stand for their tokens
 */
public record VerdictRule(String name, double minIdentifiability, double goodIdentifiability) {

    /** The verdict labels. */
    public static final String WARRANTED = "warranted";
    /** The verdict labels. */
    public static final String WEAK = "weak";
    /** The verdict labels. */
    public static final String NOT_WARRANTED = "not warranted";

    /** Checks that the thresholds are ordered within [0, 1]. */
    public VerdictRule {
        if (!(0 <= minIdentifiability && minIdentifiability <= goodIdentifiability && goodIdentifiability <= 1)) {
            throw new IllegalArgumentException("identifiability thresholds must satisfy 0 <= min <= good <= 1, got "
                    + minIdentifiability + " and " + goodIdentifiability);
        }
    }

    /** The default rule: identifiability below 0.5 is not warranted, 0.8 or more may be warranted. */
    public static VerdictRule standard() {
        return new VerdictRule("rollout-baseline-identifiability", 0.5, 0.8);
    }

    /** The rule in words, as printed in the output and on stderr. */
    public String text() {
        return "Rule '" + name + "': a claim that head (layer l, head h) tracks a relation is NOT WARRANTED "
                + "when its rollout-adjusted score (the head's attention times the attention rollout of the "
                + "blocks below it, scored at word level) is at or below the upper end of the best fixed-offset "
                + "baseline's 95% interval, or when the identity identifiability of layer l's input states "
                + "against 'embed' is below " + minIdentifiability + "; WARRANTED when the lower end of the "
                + "rollout-adjusted score's 95% interval is above the baseline interval's upper end and that "
                + "identifiability is at least " + goodIdentifiability + "; WEAK otherwise.";
    }

    /**
     * Labels one claim.
     *
     * @param rolloutScore    the rollout-adjusted score
     * @param rolloutCi       its interval
     * @param baselineCi      the offset baseline's interval
     * @param identifiability identity identifiability of the block's input against {@code embed}
     */
    public String judge(double rolloutScore, double[] rolloutCi, double[] baselineCi, double identifiability) {
        if (!(rolloutScore > baselineCi[1]) || !(identifiability >= minIdentifiability)) {
            return NOT_WARRANTED;
        }
        if (rolloutCi[0] > baselineCi[1] && identifiability >= goodIdentifiability) {
            return WARRANTED;
        }
        return WEAK;
    }
}
