package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command and seed give byte-identical JSON, run after run and on 1 or 2 threads:
 * workers fill their own accumulators, which are merged and summed in corpus order.
 * The post-mortem's results.json differs only in the fields that describe the run itself
 * (metadata.threads, .timings, .started, .finished) and in the recorded command line, which
 * names the thread count and output folder, as the README states.
 */
class ReproducibilityTest {
    @TempDir
    Path dir;

    @Test
    void headsJsonIsByteIdenticalAcrossRunsAndThreadCounts() throws IOException {
        String treebank = TestData.ewtDev().toString();
        byte[] first = run("heads-1a", "heads", "--model", "minilm", "--treebank", treebank, "--limit", "12",
                "--resamples", "50", "--threads", "1");
        byte[] again = run("heads-1b", "heads", "--model", "minilm", "--treebank", treebank, "--limit", "12",
                "--resamples", "50", "--threads", "1");
        byte[] two = run("heads-2", "heads", "--model", "minilm", "--treebank", treebank, "--limit", "12",
                "--resamples", "50", "--threads", "2", "--batch", "3");
        assertArrayEquals(first, again, "two runs on one thread");
        assertArrayEquals(first, two, "one thread against two");
    }

    @Test
    void tokensJsonIsByteIdenticalAcrossRunsAndThreadCounts() throws IOException {
        String treebank = TestData.ewtDev().toString();
        byte[] one = run("tokens-1", "tokens", "--model", "minilm", "--treebank", treebank, "--limit", "12",
                "--threads", "1");
        byte[] two = run("tokens-2", "tokens", "--model", "minilm", "--treebank", treebank, "--limit", "12",
                "--threads", "2");
        byte[] again = run("tokens-2b", "tokens", "--model", "minilm", "--treebank", treebank, "--limit", "12",
                "--threads", "2");
        assertArrayEquals(one, two, "one thread against two");
        assertArrayEquals(two, again, "two runs on two threads");
    }

    @Test
    void tokensJsonIsByteIdenticalInAnotherJvm() throws Exception {
        // Hash orders (Map.of, Set.of) change from one JVM start to the next; a run in a JVM of
        // its own must still write the same bytes.
        String treebank = TestData.ewtDev().toString();
        byte[] here = run("tokens-here", "tokens", "--model", "minilm", "--treebank", treebank, "--limit", "12");
        Path there = dir.resolve("tokens-there.json");
        Process child = ChildJvm.start(List.of("tokens", "--model", "minilm", "--treebank", treebank,
                "--limit", "12", "--out", there.toString()), dir.resolve("child.log"));
        assertEquals(0, child.waitFor(), () -> "the child run failed: " + dir.resolve("child.log"));
        assertArrayEquals(here, Files.readAllBytes(there));
    }

    @Test
    void mapJsonIsByteIdenticalAcrossRunsAndThreadCounts() throws IOException {
        Path norms = SmallNorms.write(dir.resolve("norms.csv"));
        String[] common = {"map", "--model", "minilm", "--norms", norms.toString(), "--format", "csv",
                "--mapper", "plsr", "--components", "4", "--folds", "3", "--permutations", "4"};
        byte[] one = run("map-1", concat(common, "--threads", "1"));
        byte[] two = run("map-2", concat(common, "--threads", "2"));
        assertArrayEquals(one, two, "one thread against two");
    }

    @Test
    void postmortemResultsDifferOnlyInTheRunDescription() throws IOException {
        String treebank = TestData.ewtDev().toString();
        ObjectMapper json = new ObjectMapper();
        String[] results = new String[2];
        for (int threads = 1; threads <= 2; threads++) {
            Path out = dir.resolve("pm-" + threads);
            int code = Main.run("postmortem", "--model", "minilm", "--treebank", treebank, "--limit", "10",
                    "--folds", "3", "--permutations", "2", "--threads", String.valueOf(threads), "--quiet",
                    "--out", out.toString());
            assertEquals(0, code);
            ObjectNode node = (ObjectNode) json.readTree(out.resolve("results.json").toFile());
            ObjectNode metadata = (ObjectNode) node.get("metadata");
            for (String runField : List.of("threads", "timings", "started", "finished", "command")) {
                assertTrue(metadata.has(runField), runField);
                metadata.remove(runField);
            }
            results[threads - 1] = json.writeValueAsString(node);
        }
        assertEquals(results[0], results[1]);
    }

    private byte[] run(String name, String... args) throws IOException {
        Path out = dir.resolve(name + ".json");
        int code = Main.run(concat(args, "--out", out.toString()));
        assertEquals(0, code, String.join(" ", args));
        return Files.readAllBytes(out);
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
