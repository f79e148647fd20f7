package org.explaint.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the attention-head section: per dependency relation, a layer × head heatmap per
 * direction, with the best head, the offset baseline and the random-model score beside it.
 */
final class HeadsSection {
    private HeadsSection() {
    }

    /** The in-page anchor of a relation: its position and a plain-letter form of its name. */
    static String anchor(List<ReportContent.Relation> relations, String name) {
        for (int i = 0; i < relations.size(); i++) {
            if (relations.get(i).name().equals(name)) {
                String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
                return "rel-" + i + "-" + slug;
            }
        }
        return "heads";
    }

    /** Writes the section, or the reason it is missing. */
    static void write(Html html, ReportContent content) {
        html.open("section", "id", "heads");
        html.element("h2", "Attention heads and dependency relations");
        ReportContent.Heads heads = content.heads();
        if (heads == null) {
            html.element("p", "This analysis did not run: " + content.headsSkipped(),
                    "class", "skipped");
            html.element("p", "To run it, give a Universal Dependencies treebank with "
                    + "--treebank FILE.conllu, or place one in the data folder named by "
                    + "EXPLAINT_DATA.", "class", "skipped");
            html.close("section");
            return;
        }

        // What the analysis read.
        html.open("dl", "class", "facts");
        fact(html, "Model", heads.model());
        fact(html, "Treebank", heads.treebank());
        fact(html, "Sentences used", heads.sentencesUsed());
        fact(html, "Sentences skipped", heads.sentencesSkipped());
        if (heads.uuasBest().layer() >= 0) {
            fact(html, "Best head for tree decoding (UUAS)", Figures.head(
                    heads.uuasBest().layer(), heads.uuasBest().head()) + ": "
                    + Figures.withInterval(heads.uuasBest().score()));
        }
        html.close("dl");
        if (heads.method() != null) {
            html.element("p", heads.method(), "class", "method");
        }
        html.element("p", "A head's score for a relation is the share of the relation's arcs "
                + "whose other end receives the head's largest attention weight. Layers and "
                + "heads count from 0; hover a cell for its exact score. The outlined cell is the "
                + "best head.");
        if (heads.note() != null) {
            html.element("p", heads.note(), "class", "note");
        }
        Heatmap.writeKey(html);

        // One block per relation.
        for (ReportContent.Relation relation : heads.relations()) {
            writeRelation(html, heads.relations(), relation);
        }
        if (heads.specialMass().length > 0) {
            writeSpecialMass(html, heads.specialMass());
        }
        html.close("section");
    }

    private static void writeRelation(Html html, List<ReportContent.Relation> relations,
            ReportContent.Relation relation) {
        html.open("article", "class", "relation", "id", anchor(relations, relation.name()));
        html.open("h3");
        html.text("Relation ").element("code", relation.name());
        html.close("h3");
        html.open("div", "class", "relation-body");

        // Heatmaps per direction, the best head outlined in its own direction.
        html.open("div", "class", "heatmaps");
        for (Map.Entry<String, double[][]> direction : relation.scores().entrySet()) {
            boolean bestHere = direction.getKey().equals(relation.best().direction());
            Heatmap.write(html, direction.getValue(), direction.getKey(),
                    bestHere ? relation.best().layer() : -1,
                    bestHere ? relation.best().head() : -1);
        }
        if (relation.scores().isEmpty()) {
            html.element("p", "Per-head scores: " + Figures.NOT_AVAILABLE);
        }
        html.close("div");

        // The summary beside them.
        html.open("table", "class", "summary");
        row(html, "Arcs", relation.count() == null ? Figures.NOT_AVAILABLE : relation.count());
        row(html, "Best head", Figures.head(relation.best().layer(), relation.best().head())
                + (relation.best().direction() == null ? "" : " (" + relation.best().direction()
                + ")"));
        row(html, "Best score", Figures.withInterval(relation.best().score()));
        row(html, "Offset baseline" + (relation.baselineOffset() == null ? ""
                : " (" + relation.baselineOffset() + ")"),
                Figures.withInterval(relation.baseline()));
        row(html, "Random-weights model", Figures.decimal(relation.randomModelScore()));
        if (relation.uuasBest().layer() >= 0 || Double.isFinite(
                relation.uuasBest().score().value())) {
            row(html, "Best head by UUAS", Figures.head(relation.uuasBest().layer(),
                    relation.uuasBest().head()) + ": "
                    + Figures.withInterval(relation.uuasBest().score()));
        }
        html.close("table");
        html.close("div");
        html.close("article");
    }

    private static void writeSpecialMass(Html html, double[][] specialMass) {
        html.element("h3", "Attention on special tokens");
        html.element("p", "Mean share of attention that lands on [CLS], [SEP] and similar "
                + "tokens; high values mean a head is mostly idle.");
        if (specialMass[0].length > 1) {
            Heatmap.write(html, specialMass, "special-token mass per head", -1, -1);
            return;
        }
        html.open("table", "class", "summary");
        for (int layer = 0; layer < specialMass.length; layer++) {
            row(html, "layer " + layer, Figures.decimal(specialMass[layer][0]));
        }
        html.close("table");
    }

    private static void fact(Html html, String name, String value) {
        html.element("dt", name);
        html.element("dd", value == null ? Figures.NOT_AVAILABLE : value);
    }

    private static void row(Html html, String name, String value) {
        html.open("tr").element("th", name, "scope", "row").element("td", value).close("tr");
    }
}
