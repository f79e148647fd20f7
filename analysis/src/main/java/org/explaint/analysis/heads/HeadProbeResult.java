package org.explaint.analysis.heads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The result of a head-probing run, written as {@code heads.json}; other analyses read this file,
 * so its fields are stable.
 *
 * <p>Layers and heads are 0-based. Scores are shares in [0, 1]. A grid entry is null where no arc
 * could be scored in that direction (decoders, see {@code note}). The JSON looks like:
 * <pre>
 * {
 *   "model": "minilm", "treebank": "…/en_ewt-ud-dev.conllu", "family": "bert", "causal": false,
 *   "layers": 6, "heads": 12, "sentences_used": 2001, "sentences_skipped": 0,
 *   "skipped_reasons": {}, "seed": 42, "bootstrap_resamples": 1000, "min_count": 100,
 *   "all_includes": "…", "tie_rule": "…", "method": "…", "note": null,
 *   "special_token_mass": {"per_layer": [..], "per_head": [[..]]},
 *   "uuas": {"best": {"layer": 2, "head": 5, "score": 0.41}, "scores": [[..]], "method": "…"},
 *   "random_model": "…" (how the control was initialised, null when it was not run),
 *   "relations": {
 *     "all": {
 *       "count": 21082, "scored": {"dep->head": 21082, "head->dep": 21082},
 *       "best": {"layer": 4, "head": 3, "direction": "dep->head", "score": 0.35, "ci": [lo, hi]},
 *       "baseline": {"direction": "dep->head", "offset": 1, "score": 0.28, "ci": [lo, hi]},
 *       "random_model_score": 0.2,
 *       "scores": {"dep->head": [[..per head..] per layer], "head->dep": [[..]]}
 *     },
 *     "nsubj": {...}, ...
 *   }
 * }
 * </pre>
 * {@code relations} holds {@code all} first, then every universal relation with at least
 * {@code min_count} arcs in the scored sentences, by descending count; {@code punct} and
 * {@code root} are never listed. {@code count} is the number of arcs of the relation in the scored
 * sentences; {@code scored} how many of them each direction could score (all of them for
 * encoders). The baseline's {@code offset} k predicts that the attending word's partner is the
 * word at its own index plus k (dep->head: head = dependent + k; head->dep: dependent = head + k);
 * it is reported for the direction of the best head. Confidence intervals are 95% percentile
 * bootstrap intervals over sentences.
 *
 * @param model            the model reference as given
 * @param treebank         the treebank path
 * @param family           the model family from its config
 * @param causal           whether the model is a decoder
 * @param layers           number of layers
 * @param heads            heads per layer
 * @param sentencesUsed    sentences scored
 * @param sentencesSkipped sentences not scored (malformed in lenient mode, too long, wordless)
 * @param skippedReasons   skipped sentences by reason
 * @param seed             seed of the bootstrap and of the random-model control
 * @param resamples        bootstrap resamples
 * @param minCount         least arcs for a relation to be listed
 * @param allIncludes      what the pseudo-relation {@code all} pools
 * @param tieRule          how argmax ties are broken
 * @param method           a one-paragraph statement of the procedure
 * @param note             decoder restriction, null for encoders
 * @param specialTokenMass attention mass on special tokens
 * @param uuas             tree-decoding scores
 * @param randomModel      how the random-model control was made, null when not run
 * @param relations        per relation, in the order described above
 */
@JsonPropertyOrder({"model", "treebank", "family", "causal", "layers", "heads", "sentences_used",
        "sentences_skipped", "skipped_reasons", "seed", "bootstrap_resamples", "min_count",
        "all_includes", "tie_rule", "method", "note", "special_token_mass", "uuas", "random_model",
        "relations"})
public record HeadProbeResult(
        String model,
        String treebank,
        String family,
        boolean causal,
        int layers,
        int heads,
        @JsonProperty("sentences_used") int sentencesUsed,
        @JsonProperty("sentences_skipped") int sentencesSkipped,
        @JsonProperty("skipped_reasons") Map<String, Integer> skippedReasons,
        long seed,
        @JsonProperty("bootstrap_resamples") int resamples,
        @JsonProperty("min_count") int minCount,
        @JsonProperty("all_includes") String allIncludes,
        @JsonProperty("tie_rule") String tieRule,
        String method,
        String note,
        @JsonProperty("special_token_mass") SpecialTokenMass specialTokenMass,
        TreeScores uuas,
        @JsonProperty("random_model") String randomModel,
        Map<String, RelationResult> relations) {

    /**
     * Mean attention mass on special tokens.
     *
     * @param perLayer mean over the layer's heads, {@code [layer]}
     * @param perHead  {@code [layer, head]}
     */
    @JsonPropertyOrder({"per_layer", "per_head"})
    public record SpecialTokenMass(@JsonProperty("per_layer") double[] perLayer,
                                   @JsonProperty("per_head") double[][] perHead) {
    }

    /**
     * One head and its score.
     *
     * @param layer     0-based layer
     * @param head      0-based head
     * @param direction {@code dep->head} or {@code head->dep}; null for tree scores
     * @param score     share of hits (or UUAS)
     * @param ci        95% bootstrap interval, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"layer", "head", "direction", "score", "ci"})
    public record HeadScore(int layer, int head, String direction, double score, double[] ci) {
    }

    /**
     * The fixed-offset baseline.
     *
     * @param direction the direction it was chosen for
     * @param offset    k: the predicted partner is the attending word's index plus k
     * @param score     share of hits
     * @param ci        95% bootstrap interval
     */
    @JsonPropertyOrder({"direction", "offset", "score", "ci"})
    public record OffsetBaseline(String direction, int offset, double score, double[] ci) {
    }

    /**
     * Scores of one relation.
     *
     * @param count            arcs of the relation in the scored sentences
     * @param scored           arcs scored per direction
     * @param best             the best head over layers, heads and directions
     * @param baseline         the best fixed offset, in the direction of the best head
     * @param randomModelScore the random-model control's best head score, null when not run
     * @param scores           per direction, {@code [layer][head]} shares
     */
    @JsonPropertyOrder({"count", "scored", "best", "baseline", "random_model_score", "scores"})
    public record RelationResult(int count, Map<String, Integer> scored, HeadScore best,
                                 OffsetBaseline baseline,
                                 @JsonProperty("random_model_score") Double randomModelScore,
                                 Map<String, Double[][]> scores) {
    }

    /**
     * Undirected unlabeled attachment scores of the trees decoded from each head.
     *
     * @param best   the best head
     * @param scores {@code [layer][head]}
     * @param method how the trees were decoded and scored
     */
    @JsonPropertyOrder({"best", "scores", "method"})
    public record TreeScores(HeadScore best, double[][] scores, String method) {
    }
}
