package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapCommandTest {
    @TempDir
    Path dir;

    @Test
    void wordVectorFileRunWritesEveryControlCoverageAndVerdict() throws IOException {
        // 40 concepts with 6-d vectors; 5 features, the first two a function of the vectors
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder vectors = new StringBuilder();
        StringBuilder norms = new StringBuilder("word,feature,value\n");
        for (int c = 0; c < 40; c++) {
            double[] v = new double[6];
            vectors.append("w").append(c);
            for (int j = 0; j < 6; j++) {
                v[j] = rng.nextGaussian();
                vectors.append(String.format(Locale.ROOT, " %.5f", v[j]));
            }
            vectors.append('\n');
            norms.append(String.format(Locale.ROOT, "w%d,f0,%.4f%nw%d,f1,%.4f%n", c,
                    Math.max(0, 3 * v[0]), c, Math.max(0, v[1] - v[2])));
            norms.append("w").append(c).append(",f").append(2 + c % 3).append(",1\n");
        }
        norms.append("unknownword,f0,2\n");
        Path vec = Files.writeString(dir.resolve("vec.txt"), vectors);
        Path csv = Files.writeString(dir.resolve("norms.csv"), norms);
        Path out = dir.resolve("map.json");

        int code = Main.run("map", "--embeddings", vec.toString(), "--norms", csv.toString(),
                "--format", "csv", "--mapper", "ridge", "--folds", "4", "--permutations", "3",
                "--neighbours", "3", "--out", out.toString());

        assertEquals(0, code);
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertEquals(40, report.get("conceptsUsed").asInt());
        assertEquals("unknownword", report.get("missing").get(0).asText());
        assertEquals(5, report.get("controls").size());
        assertEquals("neighbour_copy", report.get("controls").get(4).get("name").asText());
        assertTrue(report.get("real").get("r2").get("value").isNumber());
        assertEquals(0.25, report.get("controls").get(0).get("pValues").get("r2").asDouble(), 0.76);
        // with 3 permutations p >= 1/4, so the rule cannot be met
        assertTrue(!report.get("verdict").get("warranted").asBoolean());
        assertTrue(report.get("verdict").get("ruleText").asText().contains("prediction is not explanation"));
    }

    @Test
    void missingNormsFileIsAUserError() {
        int code = Main.run("map", "--embeddings", "x.txt", "--norms", dir.resolve("none.csv").toString(),
                "--out", dir.resolve("o.json").toString());
        assertEquals(Main.USER_ERROR, code);
    }
}
