package org.explaint.analysis.tokens;

import java.util.ArrayList;
import java.util.List;
import org.explaint.runtime.ExplaintException;
import org.explaint.text.Encoding;

/**
 * Re-scores attention-based relation claims after re-attributing each head's attention to input
 * tokens through the attention rollout of the blocks below it ({@code A_{l,h} . rollout_{l-1}},
 * Abnar and Zuidema, 2020), and judges them with a {@link VerdictRule}.
 *
 * <p>Scoring follows the head-probing method (Clark et al., 2019) at word level: a hit when the
 * attending word's most-attended other word is its partner in the arc; roots are skipped; the
 * relation {@code all} pools every arc except {@code punct}. {@link #observe} is pure, so it can
 * run inside the token-correspondence pass (a {@link SentenceListener} feeding a
 * {@link ClaimTally}); observations are sorted by sentence id before anything is summed, so the
 * thread count does not change a number.
 */
public final class ClaimRescorer {
    private final List<HeadClaim> claims;

    /**
     * A re-scorer for these claims.
     *
     * @throws ExplaintException when a claim names a layer or head the model lacks
     */
    public ClaimRescorer(List<HeadClaim> claims, int layers, int heads) {
        for (HeadClaim c : claims) {
            if (c.layer() < 0 || c.layer() >= layers || c.head() < 0 || c.head() >= heads) {
                throw new ExplaintException("head-probing claim for '" + c.relation() + "' names layer "
                        + c.layer() + " head " + c.head() + ", but the model has " + layers + " layers of "
                        + heads + " heads; was heads.json written for another model?");
            }
        }
        this.claims = List.copyOf(claims);
    }

    /** One sentence's arcs and hits per claim, raw and rollout-adjusted. */
    public ClaimObservation observe(SentenceStates s, Encoding encoding, DependencySentence sentence) {
        int n = s.length();
        double[][][] rollouts = AttentionRollout.rollouts(s.attention());
        int[] arcs = new int[claims.size()];
        int[] raw = new int[claims.size()];
        int[] rolled = new int[claims.size()];
        for (int c = 0; c < claims.size(); c++) {
            HeadClaim claim = claims.get(c);

            // The head's piece-level pattern, and the same re-attributed to input tokens.
            double[][] pattern = new double[n][n];
            float[] p = s.headPatterns()[claim.layer()];
            for (int q = 0; q < n; q++) {
                for (int k = 0; k < n; k++) {
                    pattern[q][k] = p[(claim.head() * n + q) * n + k];
                }
            }
            double[][] adjusted = AttentionRollout.multiply(pattern, rollouts[claim.layer()]);
            double[][] rawWords = WordAttribution.of(pattern, encoding);
            double[][] rolledWords = WordAttribution.of(adjusted, encoding);

            // Score every arc of the claim's relation.
            for (int d = 0; d < sentence.size(); d++) {
                if (sentence.heads()[d] == 0 || !claim.covers(sentence.relations()[d])) {
                    continue;
                }
                int g = sentence.heads()[d] - 1;
                int from = claim.fromDependent() ? d : g;
                int partner = claim.fromDependent() ? g : d;
                arcs[c]++;
                raw[c] += WordAttribution.mostAttendedOther(rawWords, from) == partner ? 1 : 0;
                rolled[c] += WordAttribution.mostAttendedOther(rolledWords, from) == partner ? 1 : 0;
            }
        }
        return new ClaimObservation(s.sentenceId(), arcs, raw, rolled);
    }

    /**
     * Pools the observations and judges every claim.
     *
     * @param observations    per sentence, sorted by id
     * @param correspondence  the identifiability results of the same model
     * @param rule            the verdict rule
     * @param boot            the bootstrap for the score intervals
     */
    public List<ClaimVerdict> judge(List<ClaimObservation> observations, CorrespondenceResult correspondence,
                                    VerdictRule rule, SentenceBootstrap boot) {
        List<ClaimVerdict> out = new ArrayList<>();
        for (int c = 0; c < claims.size(); c++) {
            HeadClaim claim = claims.get(c);
            double[] den = new double[observations.size()];
            double[] rawNum = new double[observations.size()];
            double[] rollNum = new double[observations.size()];
            for (int s = 0; s < observations.size(); s++) {
                den[s] = observations.get(s).arcs()[c];
                rawNum[s] = observations.get(s).rawHits()[c];
                rollNum[s] = observations.get(s).rolloutHits()[c];
            }
            Estimate raw = boot.ratio(rawNum, den);
            Estimate rolled = boot.ratio(rollNum, den);
            double ident = correspondence.identityRate(claim.layer());
            String verdict = raw.positions() == 0 ? VerdictRule.NOT_WARRANTED
                    : rule.judge(rolled.rate(), rolled.ci(), claim.baselineCi(), ident);
            out.add(new ClaimVerdict(claim.relation(), claim.layer(), claim.head(), claim.direction(),
                    claim.score(), raw, rolled, claim.baselineScore(), claim.baselineCi(), ident,
                    raw.positions(), verdict));
        }
        return out;
    }
}
