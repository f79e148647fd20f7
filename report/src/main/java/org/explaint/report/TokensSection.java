package org.explaint.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the token section: identifiability and attention self-share per layer as line charts,
 * the judged claims, the decision rule, and the attention viewer for the example sentence.
 */
final class TokensSection {
    private TokensSection() {
    }

    /** Writes the section, or the reason it is missing. */
    static void write(Html html, ReportContent content) {
        html.open("section", "id", "tokens");
        html.element("h2", "Do hidden states still stand for their tokens?");
        ReportContent.Tokens tokens = content.tokens();
        if (tokens == null) {
            html.element("p", "This analysis did not run: " + content.tokensSkipped(), "class",
                    "skipped");
            html.close("section");
            return;
        }
        html.element("p", "Identifiability is the share of hidden states at a layer from which "
                + "a probe recovers the state's own input position; self-share is the attention a "
                + "position keeps on itself after rollout or flow. Whiskers are 95% intervals. "
                + "Red dashed lines mark layers where an attention claim was judged weak or not "
                + "warranted.");

        for (String note : tokens.notes()) {
            html.element("p", note, "class", "note");
        }

        // Layer names as the analysis gives them ("0" ... "6", or "final").
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < tokens.layers().size(); i++) {
            String label = tokens.layers().get(i).label();
            labels.add(label == null ? String.valueOf(i) : label);
        }

        // Which layers carry flagged claims, with the claims named on hover.
        Map<Integer, String> flagged = new TreeMap<>();
        for (ReportContent.Claim claim : tokens.claims()) {
            int index = labels.indexOf(String.valueOf(claim.layer()));
            if (index >= 0 && !"warranted".equals(claim.verdict())) {
                String text = claim.relation() + " head " + Figures.head(claim.layer(),
                        claim.head()) + ": " + claim.verdict();
                flagged.merge(index, text, (a, b) -> a + "; " + b);
            }
        }

        // The two charts.
        Map<String, List<ReportContent.Estimate>> identifiability = new LinkedHashMap<>();
        List<ReportContent.Estimate> rollout = new ArrayList<>();
        List<ReportContent.Estimate> flow = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            ReportContent.LayerTokens layer = tokens.layers().get(i);
            for (String name : layer.identifiability().keySet()) {
                identifiability.computeIfAbsent(name, k -> new ArrayList<>());
            }
            rollout.add(layer.rolloutSelfShare());
            flow.add(layer.flowSelfShare());
        }
        for (int i = 0; i < labels.size(); i++) {
            Map<String, ReportContent.Estimate> rates = tokens.layers().get(i).identifiability();
            identifiability.forEach((name, points) -> points.add(
                    rates.getOrDefault(name, ReportContent.Estimate.MISSING)));
        }
        List<LineChart.Series> rateSeries = new ArrayList<>();
        identifiability.forEach((name, points) -> rateSeries.add(new LineChart.Series(name,
                points)));
        html.open("div", "class", "charts", "id", "identifiability");
        LineChart.write(html, "Identifiability per layer (probe, reference)", labels, rateSeries,
                flagged);
        LineChart.write(html, "Self-share of attention per layer", labels, List.of(
                new LineChart.Series("rollout self-share", rollout),
                new LineChart.Series("flow self-share", flow)), flagged);
        html.close("div");

        writeClaims(html, content);
        RuleBlock.write(html, tokens.rule());
        AttentionViewer.write(html, tokens.example());
        html.close("section");
    }

    private static void writeClaims(Html html, ReportContent content) {
        List<ReportContent.Claim> claims = content.tokens().claims();
        if (claims.isEmpty()) {
            return;
        }
        html.element("h3", "Attention claims", "id", "claims");
        html.open("table", "class", "numbers");
        html.open("thead").open("tr");
        for (String header : List.of("Relation", "Head", "Direction", "Raw score",
                "Rollout score", "Identifiability", "Baseline", "Verdict")) {
            html.element("th", header, "scope", "col");
        }
        html.close("tr").close("thead").open("tbody");
        for (ReportContent.Claim claim : claims) {
            html.open("tr");
            html.open("td").open("a", "href", "#" + HeadsSection.anchor(relationsOf(content),
                    claim.relation())).text(claim.relation()).close("a").close("td");
            html.element("td", Figures.head(claim.layer(), claim.head()));
            html.element("td", orMissing(claim.direction()));
            html.element("td", Figures.decimal(claim.rawScore()));
            html.element("td", Figures.decimal(claim.rolloutScore()));
            html.element("td", Figures.decimal(claim.identifiability()));
            html.element("td", Figures.withInterval(claim.baseline()));
            html.element("td", orMissing(claim.verdict()), "class", VerdictSection.cssClass(
                    claim.verdict()));
            html.close("tr");
        }
        html.close("tbody").close("table");
    }

    static List<ReportContent.Relation> relationsOf(ReportContent content) {
        return content.heads() == null ? List.of() : content.heads().relations();
    }

    private static String orMissing(String text) {
        return text == null ? Figures.NOT_AVAILABLE : text;
    }
}
