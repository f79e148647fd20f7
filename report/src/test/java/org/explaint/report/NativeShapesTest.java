package org.explaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins that the page reads each analysis's own output shape (heads.json, tokens.json, map.json). */
class NativeShapesTest {
    private final JsonNode results = SampleResults.loadNative();
    private final String page = ReportPage.render(results);

    @Test
    void headsFieldsAtTheTopWithSpecialTokenMassAndTreeDecoding() {
        assertTrue(page.contains("<dt>Sentences used</dt><dd>1800</dd>"));
        assertTrue(page.contains("special-token mass per head"));
        assertTrue(page.contains("<dd>2-5: 0.410</dd>"));
        assertTrue(page.contains("Each head&#39;s argmax attention"));
        assertTrue(page.contains("<title>head 0-0: not available</title>"), "null grid cells");
    }

    @Test
    void tokensRatesLayerNamesRuleAndClaimEstimates() {
        assertTrue(page.contains(">final</text>"), "the layer named final labels the axis");
        assertTrue(page.contains("rollout self-share, layer 0: 0.900 [0.880, 0.920]"));
        assertTrue(page.contains("<td>nsubj</td>") || page.contains(">nsubj</a></td>"));
        assertTrue(page.contains("<td>0.610</td><td>0.244</td><td>0.490</td>"));
        assertTrue(page.contains("<code>min_identifiability</code> = 0.35"));
        assertTrue(page.contains("layer k is the residual stream entering block k"));
    }

    @Test
    void mappingRealScoresControlListAndWarrantedFlag() {
        assertTrue(page.contains("<td>feature_f1</td><td>nearest neighbour copy</td>"
                + "<td>0.400</td><td>[0.375, 0.425]</td><td>0.412</td><td>0.003</td>"
                + "<td>0.012</td>"));
        assertTrue(page.contains("not warranted</span> Feature mapping onto McRae et al. (2005): "
                + "feature_f1 does not beat nearest_neighbour_copy (p = 0.003)"));
        assertTrue(page.contains("Decision rule beats-every-control-v1: "));
        assertTrue(page.contains("<dt>Concepts used</dt><dd>517</dd>"));
    }

    @Test
    void nothingIsMissingAndEveryShownNumberComesFromTheResults() {
        assertFalse(page.contains("NaN"));
        assertEquals(List.of(), ShownNumbersTest.unexplainedNumbers(page, results));
    }
}
