package org.explaint.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MissingFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void emptyResultsRenderEveryAnalysisAsNotRun() {
        String page = ReportPage.render(JSON.createObjectNode());

        assertTrue(page.contains("Attention heads did not run: this analysis is not in the "
                + "results."));
        assertTrue(page.contains("Token identifiability did not run"));
        assertTrue(page.contains("Feature mapping did not run"));
        assertTrue(page.contains("Post-mortem of <code>unnamed model</code>"));
        assertTrue(page.endsWith("</html>"));
    }

    @Test
    void skippedHeadsSayHowToProvideATreebankAndTheRestStillRenders() throws Exception {
        ObjectNode results = (ObjectNode) SampleResults.load();
        results.set("heads", JSON.readTree("{\"skipped\": \"no treebank found\"}"));

        String page = ReportPage.render(results);

        assertTrue(page.contains("This analysis did not run: no treebank found"));
        assertTrue(page.contains("--treebank FILE.conllu"));
        assertTrue(page.contains("EXPLAINT_DATA"));
        assertTrue(page.contains("Identifiability per layer"));
        assertTrue(page.contains("feature_f1"));
    }

    @Test
    void wrongTypesAndMissingNumbersShowAsNotAvailable() throws Exception {
        ObjectNode results = (ObjectNode) SampleResults.load();
        ObjectNode nsubj = (ObjectNode) results.at("/heads/relations/nsubj");
        nsubj.put("random_model_score", "high");
        nsubj.remove("baseline");
        ((ObjectNode) results.at("/tokens/claims/0")).remove("raw_score");
        ((ObjectNode) results.at("/mapping/metrics/feature_f1/real")).remove("ci");
        results.withObject("/tokens/example").put("raw", "not a tensor");

        String page = ReportPage.render(results);

        assertTrue(page.contains("<th scope=\"row\">Random-weights model</th><td>not available"));
        assertTrue(page.contains("attends from nsubj dependents to their heads in not available"));
        assertFalse(page.contains("NaN"));
    }

    /** Removing any one field anywhere in the sample must never make rendering throw. */
    @Test
    void removingAnySingleFieldNeverBreaksRendering() {
        JsonNode sample = SampleResults.load();
        int[] rendered = {0};
        forEachObject(sample, "", (path, object) -> {
            Iterator<String> names = object.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                ObjectNode copy = (ObjectNode) sample.deepCopy();
                ((ObjectNode) copy.at(path)).remove(name);
                String page = ReportPage.render(copy);
                assertTrue(page.endsWith("</html>"), path + "/" + name);
                assertFalse(page.contains("NaN"), path + "/" + name);
                rendered[0]++;
            }
        });
        assertTrue(rendered[0] > 100, "only " + rendered[0] + " variants");
    }

    private static void forEachObject(JsonNode node, String path,
            java.util.function.BiConsumer<String, ObjectNode> action) {
        if (node instanceof ObjectNode object) {
            action.accept(path, object);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = e.getKey().replace("~", "~0").replace("/", "~1");
                forEachObject(e.getValue(), path + "/" + key, action);
            }
        } else if (node.isArray() && !node.path(0).isNumber()) {
            for (int i = 0; i < Math.min(node.size(), 2); i++) {
                forEachObject(node.get(i), path + "/" + i, action);
            }
        }
    }
}
