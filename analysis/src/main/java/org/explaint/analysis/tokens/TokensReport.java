package org.explaint.analysis.tokens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON document of a token-correspondence run, in one place, so that {@code explaint tokens}
 * and the Spark job write the same fields in the same order with the same Jackson settings (and
 * therefore the same bytes).
 *
 * <p>Every object is an insertion-ordered map: {@code Map.of} iterates in an order that may change
 * from one JVM to the next, which would make two runs' files differ in field order.
 */
public final class TokensReport {
    private TokensReport() {
    }

    /**
     * What the run was given, as the document describes it.
     *
     * @param model         model name or path, as given
     * @param treebank      treebank path, as given
     * @param family        the model family
     * @param skipped       sentences left out for being longer than the model's position table
     * @param seed          the run's seed
     * @param flowMaxLength the flow length cap
     */
    public record Run(String model, String treebank, String family, int skipped, long seed, int flowMaxLength) {
    }

    /**
     * The document, fields in output order.
     *
     * @param verdicts the judged head claims, or null without {@code --heads}
     * @param rule     the rule the claims were judged by (ignored when {@code verdicts} is null)
     */
    public static Map<String, Object> document(Run run, CorrespondenceResult result, List<ClaimVerdict> verdicts,
                                               VerdictRule rule) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", run.model());
        json.put("treebank", run.treebank());
        json.put("family", run.family());
        json.put("sentences", result.sentences());
        json.put("sentences_skipped_too_long", run.skipped());
        json.put("training_sentences", result.trainingSentences());
        json.put("training_positions_per_map", result.trainingPositions());
        json.put("seed", run.seed());
        json.put("layer_definition", result.layerDefinition());
        json.put("interval_method", result.intervalMethod());
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("max_length", run.flowMaxLength());
        flow.put("sentences", result.flowSentences());
        flow.put("note", "attention flow is computed only for sentences of at most " + run.flowMaxLength()
                + " positions (special tokens included); flow_self_share pools those "
                + result.flowSentences() + " sentences");
        json.put("flow", flow);
        json.put("layers", result.layers());
        if (verdicts != null) {
            Map<String, Object> ruleJson = new LinkedHashMap<>();
            ruleJson.put("name", rule.name());
            ruleJson.put("min_identifiability", rule.minIdentifiability());
            ruleJson.put("good_identifiability", rule.goodIdentifiability());
            ruleJson.put("text", rule.text());
            json.put("verdict_rule", ruleJson);
            json.put("claims", verdicts);
        }
        return json;
    }

    /** The Jackson settings the document is written with: snake_case names, indented. */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
