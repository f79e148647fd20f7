package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadsCommandTest {
    /** Scores are shares of integer counts; equal counts give equal shares to the last bit. */
    private static final double TOLERANCE = 1e-12;

    @Test
    void minilmScoresMatchTheOnnxRuntimeReference(@TempDir Path dir) throws Exception {
        // Reference: tools/reference/heads_reference.py over the first 60 EWT dev sentences.
        Path out = dir.resolve("heads.json");
        int code = Main.run("heads", "--model", "minilm", "--treebank", TestData.ewtDev().toString(),
                "--limit", "60", "--threads", "2", "--resamples", "50", "--no-random-control",
                "--out", out.toString());
        assertEquals(0, code);

        ObjectMapper json = new ObjectMapper();
        JsonNode ours = json.readTree(out.toFile());
        JsonNode reference;
        try (InputStream in = getClass().getResourceAsStream("/heads/minilm-ewt-dev-60.json")) {
            reference = json.readTree(in);
        }
        assertEquals(60, ours.get("sentences_used").asInt());
        Iterator<Map.Entry<String, JsonNode>> relations = reference.get("relations").fields();
        int compared = 0;
        while (relations.hasNext()) {
            Map.Entry<String, JsonNode> e = relations.next();
            JsonNode mine = ours.get("relations").get(e.getKey());
            assertNotNull(mine, "relation " + e.getKey() + " missing from heads.json");
            assertEquals(e.getValue().get("count").asInt(), mine.get("count").asInt());
            assertEquals(e.getValue().get("best").asDouble(), mine.get("best").get("score").asDouble(),
                    TOLERANCE);
            for (String direction : new String[] {"dep->head", "head->dep"}) {
                JsonNode a = e.getValue().get("scores").get(direction);
                JsonNode b = mine.get("scores").get(direction);
                for (int l = 0; l < a.size(); l++) {
                    for (int h = 0; h < a.get(l).size(); h++) {
                        assertEquals(a.get(l).get(h).asDouble(), b.get(l).get(h).asDouble(), TOLERANCE,
                                e.getKey() + " " + direction + " layer " + l + " head " + h);
                        compared++;
                    }
                }
            }
        }
        assertEquals(6 * 2 * 72, compared);
        assertTrue(ours.get("special_token_mass").get("per_layer").size() == 6);
    }

    @Test
    void aMissingTreebankIsAUserError(@TempDir Path dir) {
        int code = Main.run("heads", "--model", "minilm", "--treebank", dir.resolve("none.conllu")
                .toString(), "--out", dir.resolve("h.json").toString());
        assertEquals(Main.USER_ERROR, code);
    }
}
