package org.explaint.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * What a report shows, read from a results JSON by {@link ResultsReader}.
 *
 * <p>Every field may be missing from the results: a missing number is NaN, a missing index -1,
 * a missing text null, a missing list empty. A whole analysis that did not run is null and its
 * reason is in the matching {@code ...Skipped} field.
 *
 * @param metadata how the results were produced
 * @param heads the attention-head analysis, or null
 * @param headsSkipped why the head analysis did not run, or null
 * @param tokens the identifiability and rollout analysis, or null
 * @param tokensSkipped why the token analysis did not run, or null
 * @param mapping the feature-norm mapping analysis, or null
 * @param mappingSkipped why the mapping analysis did not run, or null
 */
record ReportContent(
        Metadata metadata,
        Heads heads, String headsSkipped,
        Tokens tokens, String tokensSkipped,
        Mapping mapping, String mappingSkipped) {

    /** A value with its 95% interval; each part NaN where absent. */
    record Estimate(double value, double lo, double hi) {
        static final Estimate MISSING = new Estimate(Double.NaN, Double.NaN, Double.NaN);
    }

    /** A named value shown as text (a seed, a version, a timing, a threshold). */
    record Entry(String name, String value) {
    }

    /** A data file the results were computed from. */
    record DataFile(String path, String sha256) {
    }

    /** How the results were produced. */
    record Metadata(String model, String command, List<DataFile> dataFiles, List<Entry> seeds,
            List<Entry> versions, List<Entry> timings, String started, String finished) {
    }

    /** A decision rule: its name, its wording and its thresholds. */
    record Rule(String name, String text, List<Entry> thresholds) {
    }

    /** The head analysis: per relation, how well each head points along dependency arcs. */
    record Heads(String model, String treebank, String sentencesUsed, String sentencesSkipped,
            double[][] specialMass, List<Relation> relations, String note, HeadScore uuasBest,
            String method) {
    }

    /**
     * One dependency relation.
     *
     * @param scores per direction ("dep->head", "head->dep"), scores shaped [layer, head]
     */
    record Relation(String name, String count, HeadScore best, String baselineOffset,
            Estimate baseline, double randomModelScore, HeadScore uuasBest,
            Map<String, double[][]> scores) {
    }

    /** The score of one head; direction may be null. */
    record HeadScore(int layer, int head, String direction, Estimate score) {
    }

    /**
     * The token analysis: identifiability and self-share per layer, and the judged claims.
     *
     * @param notes how layers and intervals are defined, as the analysis states them
     */
    record Tokens(List<LayerTokens> layers, List<Claim> claims, Rule rule, ObjectNode example,
            List<String> notes) {
    }

    /**
     * One layer of the token analysis.
     *
     * @param label the layer as the analysis names it ("0", "3", "final"), or null
     * @param identifiability per series label (probe and reference), the identifiability rate
     */
    record LayerTokens(String label, Map<String, Estimate> identifiability,
            Estimate rolloutSelfShare, Estimate flowSelfShare) {
    }

    /** An attention claim about one head, and whether it is warranted. */
    record Claim(String relation, int layer, int head, String direction, double rawScore,
            double rolloutScore, double identifiability, Estimate baseline, String verdict) {
    }

    /** The feature-norm mapping analysis. */
    record Mapping(String norms, String format, String mapper, String embeddings,
            String coverageUsed, List<String> coverageMissing, List<Metric> metrics,
            String verdictLabel, String verdictText, Rule rule) {
    }

    /** One mapping metric: the real score and the score under each control. */
    record Metric(String name, Estimate real, List<Control> controls) {
    }

    /** One control of a mapping metric. */
    record Control(String name, Estimate score, double pValue, double selectivity) {
    }
}
