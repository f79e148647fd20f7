package org.explaint.formats.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.explaint.formats.safetensors.SafetensorsReader;
import org.explaint.runtime.ActivationCache;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.explaint.text.HfTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins explaint's forward pass on Hugging Face directories to transformers' own outputs: tiny
 * random BERT, GPT-2 and Llama models written by tools/reference/make_hf_fixtures.py, compared
 * hook by hook (embedding, every block's output and attention pattern, final norm, logits).
 */
class HfParityTest {
    /** Largest absolute difference accepted against transformers (float32 on both sides). */
    static final float REFERENCE_TOLERANCE = 1e-4f;
    /** Largest absolute difference accepted between a batched and an unbatched pass. */
    static final float BATCH_TOLERANCE = 1e-5f;

    static Path fixture(String name) {
        try {
            return Path.of(HfParityTest.class.getResource("/hf/" + name + "/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "bert-base-model-f16", "gpt2", "llama", "llama-bf16", "llama-tied-sharded"})
    void everyHookMatchesTransformersWithinTolerance(String name) throws IOException {
        Path dir = fixture(name);
        HfModelParts parts = HfModelReader.read(dir);
        Transformer model = new Transformer(parts.config(), parts.weights());
        assertEquals(name.equals("gpt2"), parts.tokenizer() != null);
        boolean head = !parts.architecture().equals("BertModel");
        assertEquals(head, model.hasLogitHead());
        int layers = parts.config().layers();
        boolean pre = !parts.config().family().equals("bert");

        JsonNode inputs = new ObjectMapper().readTree(Files.readString(dir.resolve("inputs.json")));
        try (SafetensorsReader expected = SafetensorsReader.open(dir.resolve("expected.safetensors"))) {
            for (Map.Entry<String, JsonNode> c : inputs.properties()) {
                String key = c.getKey();
                int[][] ids = matrix(c.getValue().get("input_ids"));
                int[][] mask = matrix(c.getValue().get("attention_mask"));
                Hooks hooks = Hooks.captureMatching("embed|blocks\\.\\d+\\.(resid_post|attn\\.pattern)"
                        + "|final_norm|logits");
                model.forward(TokenBatch.fromPadded(ids, mask, null), hooks);

                for (int b = 0; b < ids.length; b++) {
                    ActivationCache cache = hooks.cache(b);
                    int n = realLength(mask[b]);
                    String where = name + " case " + key + " row " + b + ": ";
                    assertClose(where + "embed", rows(expected.read(key + ".embed"), b, n),
                            cache.get(HookNames.EMBED));
                    for (int l = 0; l < layers; l++) {
                        assertClose(where + "resid_post " + l, rows(expected.read(key + ".resid_post." + l), b, n),
                                cache.get(HookNames.residPost(l)));
                        assertClose(where + "pattern " + l, pattern(expected.read(key + ".pattern." + l), b, n),
                                cache.get(HookNames.pattern(l)));
                    }
                    if (pre) {
                        assertClose(where + "final_norm", rows(expected.read(key + ".final_norm"), b, n),
                                cache.get(HookNames.FINAL_NORM));
                    }
                    if (head) {
                        assertClose(where + "logits", rows(expected.read(key + ".logits"), b, n),
                                cache.get(HookNames.LOGITS));
                    }
                }
            }
        }
    }

    @Test
    void textThroughTheDirectorysTokenizerGivesTransformersLogits() {
        Path dir = fixture("gpt2");
        HfModelParts parts = HfModelReader.read(dir);
        assertEquals(dir.resolve("tokenizer.json"), parts.tokenizer());
        HfTokenizer tokenizer = HfTokenizer.load(parts.tokenizer());
        assertEquals(parts.config().vocabSize(), tokenizer.vocabularySize());

        int[] ids = tokenizer.encode("w5 w17 w42 w8").ids();
        assertArrayEquals(new int[] {5, 17, 42, 8}, ids);
        Hooks hooks = Hooks.capture(List.of(HookNames.LOGITS));
        new Transformer(parts.config(), parts.weights()).forward(TokenBatch.of(TokenSequence.of(ids)), hooks);
        try (SafetensorsReader expected = SafetensorsReader.open(dir.resolve("expected.safetensors"))) {
            assertClose("logits", rows(expected.read("short.logits"), 0, 4), hooks.cache(0).get(HookNames.LOGITS));
        }
    }

    @Test
    void rotaryAnglesMatchTransformersFarFromTheStart() throws IOException {
        Path dir = fixture("llama-far-positions");
        HfModelParts parts = HfModelReader.read(dir);
        Transformer model = new Transformer(parts.config(), parts.weights());
        JsonNode far = new ObjectMapper().readTree(Files.readString(dir.resolve("inputs.json"))).get("far");
        int[] ids = matrix(far.get("input_ids"))[0];
        int tail = far.get("tail").asInt();

        Hooks hooks = Hooks.capture(List.of(HookNames.FINAL_NORM, HookNames.LOGITS));
        model.forward(TokenBatch.of(TokenSequence.of(ids)), hooks);
        try (SafetensorsReader expected = SafetensorsReader.open(dir.resolve("expected.safetensors"))) {
            for (String hook : List.of(HookNames.FINAL_NORM, HookNames.LOGITS)) {
                Tensor all = hooks.cache(0).get(hook);
                int width = all.dim(1);
                Tensor last = new Tensor(all.data(), all.offset() + (ids.length - tail) * width, tail, width);
                assertClose("positions " + (ids.length - tail) + ".." + (ids.length - 1) + " " + hook,
                        rows(expected.read("far." + hook), 0, tail), last);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void paddedBatchesEqualSingleSequences(String name) {
        HfModelParts parts = HfModelReader.read(fixture(name));
        Transformer model = new Transformer(parts.config(), parts.weights());
        int[] longIds = {3, 14, 15, 92, 65, 35, 89, 79, 32, 38, 46, 26};
        int[] shortIds = {5, 17, 42, 8};
        int pad = 0;
        int[][] right = {longIds, {5, 17, 42, 8, pad, pad, pad, pad, pad, pad, pad, pad}};
        int[][] left = {longIds, {pad, pad, pad, pad, pad, pad, pad, pad, 5, 17, 42, 8}};
        int[][] rightMask = {ones(12, 0, 12), ones(12, 0, 4)};
        int[][] leftMask = {ones(12, 0, 12), ones(12, 8, 12)};
        List<ActivationCache> alone = new ArrayList<>();
        for (int[] ids : List.of(longIds, shortIds)) {
            Hooks hooks = Hooks.captureAll();
            model.forward(TokenBatch.of(TokenSequence.of(ids)), hooks);
            alone.add(hooks.cache(0));
        }

        for (int[][][] padded : List.of(new int[][][] {right, rightMask}, new int[][][] {left, leftMask})) {
            Hooks hooks = Hooks.captureAll();
            model.forward(TokenBatch.fromPadded(padded[0], padded[1], null), hooks);
            for (int b = 0; b < 2; b++) {
                ActivationCache single = alone.get(b);
                assertEquals(single.names(), hooks.cache(b).names());
                for (String hook : single.names()) {
                    float diff = single.get(hook).maxAbsDifference(hooks.cache(b).get(hook));
                    assertTrue(diff <= BATCH_TOLERANCE, name + " row " + b + " " + hook + ": " + diff);
                }
            }
        }
    }

    static void assertClose(String what, Tensor expected, Tensor actual) {
        float diff = expected.maxAbsDifference(actual);
        assertTrue(diff <= REFERENCE_TOLERANCE, what + " differs from transformers by " + diff);
    }

    // Positions [0, n) of batch row b of a [batch, position, width] tensor, as [n, width].
    static Tensor rows(Tensor t, int b, int n) {
        int width = t.dim(2);
        Tensor row = t.slice(b);
        return new Tensor(row.data(), row.offset(), n, width).copy();
    }

    // Queries and keys [0, n) of batch row b of a [batch, head, query, key] tensor, as [head, n, n].
    static Tensor pattern(Tensor t, int b, int n) {
        int heads = t.dim(1);
        Tensor out = Tensor.zeros(heads, n, n);
        for (int h = 0; h < heads; h++) {
            for (int q = 0; q < n; q++) {
                for (int k = 0; k < n; k++) {
                    out.set(t.get(b, h, q, k), h, q, k);
                }
            }
        }
        return out;
    }

    static int realLength(int[] mask) {
        int n = 0;
        for (int m : mask) {
            n += m;
        }
        return n;
    }

    static int[][] matrix(JsonNode node) {
        int[][] out = new int[node.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new int[node.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = node.get(i).get(j).asInt();
            }
        }
        return out;
    }

    static int[] ones(int length, int from, int to) {
        int[] out = new int[length];
        java.util.Arrays.fill(out, from, to, 1);
        return out;
    }
}
