package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmortemCommandTest {
    @TempDir
    Path dir;

    @Test
    void oneCommandWritesReportAndResultsWithEverySectionAndItsProvenance() throws IOException {
        Path treebank = TestData.ewtDev();
        Path csv = SmallNorms.write(dir.resolve("norms.csv"));
        Path out = dir.resolve("report");

        int code = Main.run("postmortem", "--model", "minilm", "--treebank", treebank.toString(),
                "--limit", "12", "--norms", csv.toString(), "--format", "csv", "--folds", "3",
                "--permutations", "3", "--threads", "2", "--quiet", "--out", out.toString());

        assertEquals(0, code);
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertTrue(results.at("/heads/relations/all/best/score").isNumber());
        assertEquals(7, results.at("/tokens/layers").size());
        assertTrue(results.at("/tokens/claims").isArray());
        assertEquals(6, results.at("/tokens/example/raw").size());
        assertTrue(results.at("/mapping/verdict").isObject());
        assertEquals(18, results.at("/mapping/conceptsUsed").asInt());
        assertTrue(results.at("/metadata/command").asText().startsWith("explaint postmortem --model minilm"));
        assertEquals(3, results.at("/metadata/data_files").size());
        assertEquals(PostmortemCommand.sha256(treebank),
                results.at("/metadata/data_files/1/sha256").asText());
        String page = Files.readString(out.resolve("report.html"));
        assertTrue(page.contains("Post-mortem of"), "the page has its title");
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".parts")),
                    "the working folder is removed");
        }
    }

    @Test
    void withoutATreebankTheAttentionPartSaysHowToProvideOne() throws IOException {
        String before = System.getProperty("explaint.data");
        System.setProperty("explaint.data", dir.resolve("empty-data").toString());
        try {
            StringBuilder norms = new StringBuilder("word,feature,value\n");
            for (String w : List.of("dog", "cat", "cow", "goat", "horse", "sheep", "pig")) {
                norms.append(w).append(",animal,1\n");
            }
            for (String w : List.of("apple", "pear", "plum", "lemon", "grape", "melon", "peach")) {
                norms.append(w).append(",fruit,1\n");
            }
            Path csv = Files.writeString(dir.resolve("n.csv"), norms);
            int code = Main.run("postmortem", "--norms", csv.toString(), "--format", "csv", "--folds", "3",
                    "--permutations", "2", "--quiet", "--out", dir.resolve("r").toString());

            assertEquals(0, code);
            JsonNode results = new ObjectMapper().readTree(dir.resolve("r/results.json").toFile());
            assertTrue(results.at("/heads/skipped").asText().contains("--treebank"));
            assertTrue(results.at("/mapping/verdict").isObject());
        } finally {
            if (before == null) {
                System.clearProperty("explaint.data");
            } else {
                System.setProperty("explaint.data", before);
            }
        }
    }
}
