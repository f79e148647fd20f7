package org.explaint.report;

import java.util.List;

/**
 * Writes the verdicts at the top of the page, one plain sentence each, linked to the evidence.
 *
 * <p>Attention claims come first, then the feature-mapping verdict. Where no claims were judged,
 * each relation's best head is stated instead, without a verdict. Analyses that did not run are
 * named with their reason, so a short page never looks like a clean bill of health.
 */
final class VerdictSection {
    private VerdictSection() {
    }

    /** The style class of a verdict label. */
    static String cssClass(String verdict) {
        if (verdict == null) {
            return "verdict-other";
        }
        return switch (verdict) {
            case "warranted" -> "verdict-warranted";
            case "weak" -> "verdict-weak";
            case "not warranted" -> "verdict-not-warranted";
            default -> "verdict-other";
        };
    }

    /** Writes the section. */
    static void write(Html html, ReportContent content) {
        html.open("section", "id", "verdicts");
        html.element("h2", "Verdicts");
        html.open("ul", "class", "verdicts");
        List<ReportContent.Relation> relations = TokensSection.relationsOf(content);

        // Judged attention claims.
        boolean anyClaim = content.tokens() != null && !content.tokens().claims().isEmpty();
        if (anyClaim) {
            for (ReportContent.Claim claim : content.tokens().claims()) {
                html.open("li", "class", cssClass(claim.verdict()));
                html.element("span", claim.verdict() == null ? "no verdict" : claim.verdict(),
                        "class", "badge");
                html.text(" " + claimSentence(claim) + " ");
                evidence(html, "#" + HeadsSection.anchor(relations, claim.relation()),
                        "head scores", "#identifiability", "identifiability");
                html.close("li");
            }
        } else if (content.heads() != null) {
            for (ReportContent.Relation relation : relations) {
                html.open("li", "class", "verdict-other");
                html.element("span", "not judged", "class", "badge");
                html.text(" " + relationSentence(relation) + " ");
                evidence(html, "#" + HeadsSection.anchor(relations, relation.name()),
                        "head scores", null, null);
                html.close("li");
            }
        }

        // The feature-mapping verdict.
        ReportContent.Mapping mapping = content.mapping();
        if (mapping != null) {
            html.open("li", "class", mappingClass(mapping.verdictLabel()));
            html.element("span", mapping.verdictLabel() == null ? "no verdict"
                    : mapping.verdictLabel(), "class", "badge");
            html.text(" Feature mapping"
                    + (mapping.norms() == null ? "" : " onto " + mapping.norms()) + ": "
                    + (mapping.verdictText() == null ? Figures.NOT_AVAILABLE
                    : mapping.verdictText()) + " ");
            evidence(html, "#mapping", "real score against controls", null, null);
            html.close("li");
        }

        // Analyses that did not run.
        skipped(html, "Attention heads", content.headsSkipped(), "#heads");
        skipped(html, "Token identifiability", content.tokensSkipped(), "#tokens");
        skipped(html, "Feature mapping", content.mappingSkipped(), "#mapping");
        html.close("ul");
        html.close("section");
    }

    /** E.g. "Head 4-7 attends from nsubj dependents to their heads in 61% of cases (...)". */
    static String claimSentence(ReportContent.Claim claim) {
        String direction = "head->dep".equals(claim.direction())
                ? "from heads to their " + claim.relation() + " dependents"
                : "from " + claim.relation() + " dependents to their heads";
        return "Head " + Figures.head(claim.layer(), claim.head()) + " attends " + direction
                + " in " + Figures.percent(claim.rawScore()) + " of cases (offset baseline "
                + Figures.percent(claim.baseline().value()) + ", after rollout "
                + Figures.percent(claim.rolloutScore()) + "); at layer "
                + (claim.layer() < 0 ? Figures.NOT_AVAILABLE : String.valueOf(claim.layer()))
                + ", " + Figures.percent(claim.identifiability())
                + " of hidden states are still nearest to their own token.";
    }

    private static String relationSentence(ReportContent.Relation relation) {
        return "For " + relation.name() + " the best head is "
                + Figures.head(relation.best().layer(), relation.best().head())
                + (relation.best().direction() == null ? "" : " (" + relation.best().direction()
                + ")") + " at " + Figures.percent(relation.best().score().value())
                + ", against " + Figures.percent(relation.baseline().value())
                + " for the offset baseline and " + Figures.percent(relation.randomModelScore())
                + " in a model with random weights.";
    }

    private static String mappingClass(String label) {
        if (label == null) {
            return "verdict-other";
        }
        String lower = label.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("not") || lower.contains("no ")) {
            return "verdict-not-warranted";
        }
        return lower.contains("weak") ? "verdict-weak" : cssClass(lower);
    }

    private static void evidence(Html html, String first, String firstLabel, String second,
            String secondLabel) {
        html.open("span", "class", "evidence").text("Evidence: ");
        html.element("a", firstLabel, "href", first);
        if (second != null) {
            html.text(", ").element("a", secondLabel, "href", second);
        }
        html.close("span");
    }

    private static void skipped(Html html, String analysis, String reason, String anchor) {
        if (reason == null) {
            return;
        }
        html.open("li", "class", "verdict-other");
        html.element("span", "not run", "class", "badge");
        html.text(" " + analysis + " did not run: " + reason + " ");
        html.element("a", "details", "href", anchor);
        html.close("li");
    }
}
