package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tokens command on the real minilm and EWT dev: sane rates, same numbers on 1 and 2 threads. */
class TokensMiniLmTest {

    @Test
    void miniLmRatesAreSaneAndThreadCountDoesNotChangeThem(@TempDir Path dir) throws IOException {
        Path treebank = TestData.ewtDev();
        JsonNode one = run(dir.resolve("one.json"), treebank, "1");
        JsonNode two = run(dir.resolve("two.json"), treebank, "2");
        assertEquals(one.get("layers"), two.get("layers"));

        JsonNode layers = one.get("layers");
        assertEquals(7, layers.size());
        assertEquals("embed", layers.get(0).get("hook").asText());
        assertEquals("blocks.5.resid_post", layers.get(6).get("hook").asText());
        // Layer 0 against itself: every position is identified (positions make rows distinct).
        assertEquals(1.0, layers.get(0).at("/identifiability/against_embed/identity/rate").asDouble(), 0.0);
        assertEquals(1.0, layers.get(0).at("/rollout_self_share/rate").asDouble(), 1e-12);
        for (JsonNode layer : layers) {
            double rate = layer.at("/identifiability/against_embed/identity/rate").asDouble();
            assertTrue(rate >= 0 && rate <= 1, "rate " + rate);
            JsonNode ci = layer.at("/identifiability/against_embed/identity/ci");
            assertTrue(ci.get(0).asDouble() <= rate && rate <= ci.get(1).asDouble());
        }
        // Rollout self-share falls as blocks mix positions.
        assertTrue(layers.get(6).at("/rollout_self_share/rate").asDouble()
                < layers.get(1).at("/rollout_self_share/rate").asDouble());
    }

    @Test
    void identityIdentifiabilityMatchesAnOnnxRuntimeReferenceWithin0005(@TempDir Path dir)
            throws IOException {
        // Reference: tools/reference/tokens_identifiability.py, first 100 EWT dev sentences.
        JsonNode reference;
        try (var in = getClass().getResourceAsStream("/tokens/minilm_identity_identifiability.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        JsonNode ours = run(dir.resolve("ref.json"), TestData.ewtDev(), "2", "100");
        assertEquals(reference.get("sentences").asInt(), ours.get("sentences").asInt());
        JsonNode expected = reference.get("identity_against_embed");
        for (int l = 0; l < expected.size(); l++) {
            double rate = ours.get("layers").get(l).at("/identifiability/against_embed/identity/rate").asDouble();
            assertEquals(expected.get(l).asDouble(), rate, 0.005, "layer " + l);
        }
    }

    @Test
    void rawClaimScoresEqualWhatHeadProbingReportedOnTheSameSentences(@TempDir Path dir)
            throws IOException {
        Path treebank = TestData.ewtDev();
        Path heads = dir.resolve("heads.json");
        assertEquals(0, new CommandLine(new HeadsCommand()).execute("--model", "minilm", "--treebank",
                treebank.toString(), "--limit", "60", "--threads", "2", "--no-random-control",
                "--resamples", "50", "--out", heads.toString()));
        Path out = dir.resolve("tokens.json");
        assertEquals(0, new CommandLine(new TokensCommand()).execute("--model", "minilm", "--treebank",
                treebank.toString(), "--limit", "60", "--threads", "2", "--resamples", "50",
                "--heads", heads.toString(), "--out", out.toString()));
        JsonNode claims = new ObjectMapper().readTree(out.toFile()).get("claims");
        assertTrue(claims.size() > 3);
        for (JsonNode c : claims) {
            assertEquals(c.get("reported_score").asDouble(), c.at("/raw_score/rate").asDouble(), 1e-12,
                    c.get("relation").asText());
            assertTrue(c.get("verdict").asText().matches("warranted|weak|not warranted"));
        }
    }

    private static JsonNode run(Path out, Path treebank, String threads) throws IOException {
        return run(out, treebank, threads, "24");
    }

    private static JsonNode run(Path out, Path treebank, String threads, String limit) throws IOException {
        int code = new CommandLine(new TokensCommand()).execute("--model", "minilm", "--treebank",
                treebank.toString(), "--limit", limit, "--threads", threads, "--resamples", "100",
                "--out", out.toString());
        assertEquals(0, code);
        return new ObjectMapper().readTree(out.toFile());
    }
}
