package org.explaint.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a results JSON into {@link ReportContent}: the one place that knows the JSON's field names.
 *
 * <p>Reading never fails on a missing or oddly typed field: the value becomes "missing" (see
 * {@link ReportContent}) and the page says "not available". Field names are those written by
 * {@code explaint heads}, {@code explaint tokens} and {@code explaint map}. Each section is read
 * in the shape of results.schema.json and also in the shape the analysis writes on its own
 * (heads.json with its fields at the top, tokens.json with {@code rate} and
 * {@code verdict_rule}, map.json with {@code real}, a list of {@code controls} and
 * {@code verdict.warranted}), so the post-mortem may embed each analysis's output as it is.
 */
final class ResultsReader {
    private ResultsReader() {
    }

    /** Reads everything the page shows from a results tree. */
    static ReportContent read(JsonNode results) {
        JsonNode heads = results.path("heads");
        JsonNode tokens = results.path("tokens");
        JsonNode mapping = results.path("mapping");
        String headsSkipped = skipReason(heads);
        String tokensSkipped = skipReason(tokens);
        String mappingSkipped = skipReason(mapping);
        return new ReportContent(
                metadata(results.path("metadata")),
                headsSkipped == null ? heads(heads) : null, headsSkipped,
                tokensSkipped == null ? tokens(tokens) : null, tokensSkipped,
                mappingSkipped == null ? mapping(mapping) : null, mappingSkipped);
    }

    /** Why a section did not run: its {@code skipped} text (or {@code skipped.reason}), or null. */
    private static String skipReason(JsonNode section) {
        if (section.isMissingNode() || section.isNull()) {
            return "this analysis is not in the results.";
        }
        JsonNode skipped = section.path("skipped");
        if (skipped.isMissingNode() || skipped.isNull() || skipped.equals(falseNode())) {
            return null;
        }
        if (skipped.isObject()) {
            String reason = text(skipped, "reason");
            return reason == null ? "skipped (no reason given)." : reason;
        }
        String reason = skipped.isTextual() ? skipped.asText() : text(section, "reason");
        return reason == null ? "skipped (no reason given)." : reason;
    }

    private static ReportContent.Metadata metadata(JsonNode node) {
        List<ReportContent.DataFile> files = new ArrayList<>();
        JsonNode fileList = node.has("data_files") ? node.path("data_files") : node.path("data");
        for (JsonNode file : fileList) {
            files.add(new ReportContent.DataFile(text(file, "path"), text(file, "sha256")));
        }
        return new ReportContent.Metadata(text(node, "model"), text(node, "command"), files,
                entries(node.path("seeds")), entries(node.path("versions")),
                entries(node.path("timings")), text(node, "started"), text(node, "finished"));
    }

    private static ReportContent.Heads heads(JsonNode node) {
        JsonNode meta = node.has("metadata") ? node.path("metadata") : node;
        List<ReportContent.Relation> relations = new ArrayList<>();
        node.path("relations").properties().forEach(e -> relations.add(relation(e.getKey(),
                e.getValue())));
        JsonNode specialMass = meta.has("special_mass") ? meta.path("special_mass")
                : meta.path("special_token_mass").has("per_head")
                ? meta.path("special_token_mass").path("per_head")
                : meta.path("special_token_mass").path("per_layer");
        return new ReportContent.Heads(text(meta, "model"), text(meta, "treebank"),
                text(meta, "sentences_used"), text(meta, "sentences_skipped"),
                matrix(specialMass), relations,
                text(node, "note") != null ? text(node, "note") : text(meta, "note"),
                headScore(node.path("uuas").path("best")), text(node, "method"));
    }

    private static ReportContent.Relation relation(String name, JsonNode node) {
        JsonNode baseline = node.path("baseline");
        Map<String, double[][]> scores = new LinkedHashMap<>();
        node.path("scores").properties().forEach(e -> scores.put(e.getKey(),
                matrix(e.getValue())));
        return new ReportContent.Relation(name, text(node, "count"),
                headScore(node.path("best")), text(baseline, "offset"),
                estimate(baseline), number(node, "random_model_score"),
                headScore(node.path("uuas_best")), scores);
    }

    private static ReportContent.HeadScore headScore(JsonNode node) {
        return new ReportContent.HeadScore(index(node, "layer"), index(node, "head"),
                text(node, "direction"), estimate(node));
    }

    private static ReportContent.Tokens tokens(JsonNode node) {
        List<ReportContent.LayerTokens> layers = new ArrayList<>();
        for (JsonNode layer : node.path("layers")) {
            layers.add(new ReportContent.LayerTokens(text(layer, "layer"),
                    identifiability(layer.path("identifiability")),
                    estimate(layer.path("rollout_self_share")),
                    estimate(layer.path("flow_self_share"))));
        }
        List<ReportContent.Claim> claims = new ArrayList<>();
        for (JsonNode claim : node.path("claims")) {
            JsonNode identifiability = claim.path("identifiability");
            claims.add(new ReportContent.Claim(text(claim, "relation"), index(claim, "layer"),
                    index(claim, "head"), text(claim, "direction"), value(claim, "raw_score"),
                    value(claim, "rollout_score"), value(claim, "identifiability"),
                    estimate(claim, "baseline_score", "baseline_ci"), text(claim, "verdict")));
        }
        List<String> notes = new ArrayList<>();
        for (String note : new String[] {text(node, "layer_definition"),
            text(node, "interval_method"), text(node.path("flow"), "note")}) {
            if (note != null) {
                notes.add(note);
            }
        }
        JsonNode rule = node.has("rule") ? node.path("rule") : node.path("verdict_rule");
        return new ReportContent.Tokens(layers, claims, rule(rule),
                example(node.path("example")), notes);
    }

    /** Identifiability series keyed "probe, reference", e.g. "linear, input embeddings". */
    private static Map<String, ReportContent.Estimate> identifiability(JsonNode node) {
        Map<String, ReportContent.Estimate> series = new LinkedHashMap<>();
        node.properties().forEach(reference -> reference.getValue().properties().forEach(
                probe -> series.put(probe.getKey() + ", " + referenceLabel(reference.getKey()),
                        estimate(probe.getValue()))));
        return series;
    }

    private static String referenceLabel(String key) {
        return switch (key) {
            case "against_embed" -> "input embeddings";
            case "against_token_embedding" -> "token embeddings";
            default -> key.replace('_', ' ');
        };
    }

    /** The example sentence for the attention viewer, reduced to the fields the viewer reads. */
    private static ObjectNode example(JsonNode node) {
        if (!node.path("words").isArray()) {
            return null;
        }
        ObjectNode example = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("words", "layers", "heads", "raw", "rollout")) {
            if (node.has(field)) {
                example.set(field, node.get(field));
            }
        }
        return example;
    }

    private static ReportContent.Mapping mapping(JsonNode node) {
        JsonNode coverage = node.path("coverage");
        List<String> missing = new ArrayList<>();
        (coverage.has("missing") ? coverage.path("missing") : node.path("missing"))
                .forEach(word -> missing.add(word.asText()));
        String used = coverage.has("used") ? text(coverage, "used") : text(node, "conceptsUsed");
        List<ReportContent.Metric> metrics = node.has("metrics") ? metricsByName(node)
                : metricsFromControlList(node);

        // The verdict: a label and text, or a warranted flag with the failed checks.
        JsonNode verdict = node.path("verdict");
        String label = text(verdict, "label");
        if (label == null && verdict.path("warranted").isBoolean()) {
            label = verdict.path("warranted").asBoolean() ? "warranted" : "not warranted";
        }
        String verdictText = text(verdict, "text");
        if (verdictText == null && verdict.path("reasons").isArray()) {
            List<String> reasons = new ArrayList<>();
            verdict.path("reasons").forEach(reason -> reasons.add(reason.asText()));
            verdictText = reasons.isEmpty() ? "every check passed." : String.join("; ", reasons);
        }
        ReportContent.Rule rule = node.has("rule") ? rule(node.path("rule"))
                : new ReportContent.Rule(text(verdict, "rule"), text(verdict, "ruleText"),
                        List.of());
        return new ReportContent.Mapping(text(node, "norms"), text(node, "format"),
                text(node, "mapper"), text(node, "embeddings"), used, missing, metrics, label,
                verdictText, rule);
    }

    /** Metrics in the schema's shape: {metric: {real, controls: {control: {...}}}}. */
    private static List<ReportContent.Metric> metricsByName(JsonNode node) {
        List<ReportContent.Metric> metrics = new ArrayList<>();
        node.path("metrics").properties().forEach(metric -> {
            List<ReportContent.Control> controls = new ArrayList<>();
            metric.getValue().path("controls").properties().forEach(c -> controls.add(
                    new ReportContent.Control(c.getKey(), estimate(c.getValue()),
                            number(c.getValue(), "p_value"),
                            number(c.getValue(), "selectivity"))));
            metrics.add(new ReportContent.Metric(metric.getKey(),
                    estimate(metric.getValue().path("real")), controls));
        });
        return metrics;
    }

    /** Metrics in map.json's shape: real {metric: score}, controls [{name, scores, ...}]. */
    private static List<ReportContent.Metric> metricsFromControlList(JsonNode node) {
        List<ReportContent.Metric> metrics = new ArrayList<>();
        node.path("real").properties().forEach(metric -> {
            String name = metric.getKey();
            List<ReportContent.Control> controls = new ArrayList<>();
            for (JsonNode control : node.path("controls")) {
                if (control.path("scores").has(name)) {
                    controls.add(new ReportContent.Control(text(control, "name"),
                            estimate(control.path("scores").path(name)),
                            number(control.path("pValues"), name),
                            number(control.path("selectivity"), name)));
                }
            }
            metrics.add(new ReportContent.Metric(name, estimate(metric.getValue()), controls));
        });
        return metrics;
    }

    private static ReportContent.Rule rule(JsonNode node) {
        List<ReportContent.Entry> thresholds = entries(node.path("thresholds"));
        if (!node.has("thresholds")) {
            node.properties().forEach(e -> {
                if (e.getValue().isNumber()) {
                    thresholds.add(new ReportContent.Entry(e.getKey(), e.getValue().asText()));
                }
            });
        }
        return new ReportContent.Rule(text(node, "name"), text(node, "text"), thresholds);
    }

    /**
     * A value with its interval: the value is the first of {@code score}, {@code rate},
     * {@code mean}, {@code value} present; the interval {@code ci} or {@code low}/{@code high}.
     */
    private static ReportContent.Estimate estimate(JsonNode node) {
        if (node.isNumber()) {
            return new ReportContent.Estimate(node.asDouble(), Double.NaN, Double.NaN);
        }
        double value = Double.NaN;
        for (String field : List.of("score", "rate", "mean", "value")) {
            if (node.path(field).isNumber()) {
                value = node.path(field).asDouble();
                break;
            }
        }
        if (node.has("ci")) {
            return new ReportContent.Estimate(value, element(node.path("ci"), 0),
                    element(node.path("ci"), 1));
        }
        return new ReportContent.Estimate(value, number(node, "low"), number(node, "high"));
    }

    private static ReportContent.Estimate estimate(JsonNode node, String valueField,
            String intervalField) {
        JsonNode ci = node.path(intervalField);
        return new ReportContent.Estimate(number(node, valueField), element(ci, 0),
                element(ci, 1));
    }

    /** A number written plainly or as an estimate object ({@code {"rate": ..., "ci": ...}}). */
    private static double value(JsonNode node, String field) {
        return estimate(node.path(field)).value();
    }

    /** A [row][column] table of numbers; a flat list becomes one column. NaN where not a number. */
    private static double[][] matrix(JsonNode node) {
        if (!node.isArray()) {
            return new double[0][];
        }
        double[][] rows = new double[node.size()][];
        for (int r = 0; r < rows.length; r++) {
            JsonNode row = node.get(r);
            if (row.isArray()) {
                rows[r] = new double[row.size()];
                for (int c = 0; c < row.size(); c++) {
                    rows[r][c] = element(row, c);
                }
            } else {
                rows[r] = new double[] {row.isNumber() ? row.asDouble() : Double.NaN};
            }
        }
        return rows;
    }

    /** Named values of an object (or the items of a list, or one value) as text. */
    private static List<ReportContent.Entry> entries(JsonNode node) {
        List<ReportContent.Entry> entries = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(e -> entries.add(new ReportContent.Entry(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText()
                            : e.getValue().toString())));
        } else if (node.isArray()) {
            node.forEach(item -> entries.add(new ReportContent.Entry("",
                    item.isValueNode() ? item.asText() : item.toString())));
        } else if (node.isValueNode() && !node.isNull()) {
            entries.add(new ReportContent.Entry("", node.asText()));
        }
        return entries;
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }

    private static double element(JsonNode array, int index) {
        JsonNode value = array.path(index);
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }

    private static int index(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.canConvertToInt() && value.isIntegralNumber() ? value.asInt() : -1;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static JsonNode falseNode() {
        return JsonNodeFactory.instance.booleanNode(false);
    }
}
