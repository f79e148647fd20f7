package org.explaint.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the attention viewer: pick a layer and head, see the example sentence's word-to-word
 * attention, raw beside rollout.
 *
 * <p>The page carries the example as a JSON block; the report's script ({@code report.js})
 * draws the two matrices from it. Words are set as text by the script, never as markup.
 */
final class AttentionViewer {
    private AttentionViewer() {
    }

    /** Writes the viewer for {@code example}, or a line saying there is no example. */
    static void write(Html html, ObjectNode example) {
        html.open("div", "id", "viewer");
        html.element("h3", "Attention viewer");
        if (example == null) {
            html.element("p", "No example sentence in the results.", "class", "skipped");
            html.close("div");
            return;
        }

        // The sentence as the tokens saw it.
        StringBuilder sentence = new StringBuilder();
        for (JsonNode word : example.path("words")) {
            sentence.append(sentence.isEmpty() ? "" : " ").append(word.asText());
        }
        html.open("p");
        html.text("Example sentence: ").element("q", sentence.toString(), "class", "sentence");
        html.close("p");
        html.element("p", "Rows are the attending word (query), columns the attended word (key); "
                + "darker means more attention. Hover a cell for its weight. Rollout combines "
                + "all layers up to the chosen one, with the residual connection, and does not "
                + "depend on the head.");

        // Controls and the two panels the script fills.
        html.open("div", "class", "controls");
        html.open("label").text("Layer ").open("select", "id", "viewer-layer").close("select")
                .close("label");
        html.open("label").text(" Head ").open("select", "id", "viewer-head").close("select")
                .close("label");
        html.close("div");
        html.open("div", "class", "viewer-panels");
        html.open("figure").element("figcaption", "Raw attention", "id", "viewer-raw-caption")
                .open("div", "id", "viewer-raw").close("div").close("figure");
        html.open("figure").element("figcaption", "Rollout", "id", "viewer-rollout-caption")
                .open("div", "id", "viewer-rollout").close("div").close("figure");
        html.close("div");
        html.element("noscript", "The attention viewer needs JavaScript.");

        // The example itself, escaped for a script block.
        html.open("script", "type", "application/json", "id", "example-data")
                .trusted(ScriptData.embed(example)).close("script");
        html.close("div");
    }
}
