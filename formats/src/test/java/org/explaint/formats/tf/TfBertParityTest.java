package org.explaint.formats.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.explaint.runtime.ActivationCache;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Google's BERT-base uncased, read from its TensorFlow checkpoint, computes what Hugging Face
 * transformers' BertForMaskedLM (eager attention, tanh GELU) computes with the same weights.
 */
class TfBertParityTest {
    private static final float TOLERANCE = 1e-4f;

    private static TfBertModel model;
    private static Transformer transformer;
    private static ReferenceFixture fixture;
    private static List<ActivationCache> caches;

    @BeforeAll
    static void loadOnce() throws IOException {
        model = TfBertReader.loadBuiltIn();
        transformer = model.transformer();
        fixture = ReferenceFixture.load();

        // One pass per input; patterns, states and logits captured.
        caches = new ArrayList<>();
        for (int i = 0; i < fixture.inputCount(); i++) {
            Hooks hooks = Hooks.captureMatching("embed|logits|blocks\\.\\d+\\.(resid_post|attn\\.pattern)");
            transformer.forward(TokenBatch.of(new TokenSequence(fixture.ints(i, "ids"),
                    fixture.ints(i, "segments"))), hooks);
            caches.add(hooks.cache(0));
        }
    }

    @AfterAll
    static void releaseTheWeights() {
        model = null;
        transformer = null;
        fixture = null;
        caches = null;
    }

    @Test
    void configIsBertBaseWithTanhGelu() {
        ModelConfig c = model.config();
        assertEquals(30522, c.vocabSize());
        assertEquals(768, c.hidden());
        assertEquals(12, c.layers());
        assertEquals(12, c.heads());
        assertEquals(3072, c.mlpHidden());
        assertEquals(512, c.maxPositions());
        assertEquals(2, c.typeVocabSize());
        assertEquals(1e-12f, c.normEpsilon());
        assertEquals(ModelConfig.Activation.GELU_TANH, c.activation());
        assertTrue(model.hasMaskedLmHead());
        // The encoder without the pooler, the MLM transform and bias, the tied table once more.
        long encoder = 108_891_648L;
        long head = 768 * 768 + 768 + 2 * 768 + 30522;
        assertEquals(encoder + head + 30522L * 768, model.weights().parameterCount());
    }

    @Test
    void hiddenStatesOfEveryLayerMatchTransformers() {
        float worst = 0f;
        for (int i = 0; i < fixture.inputCount(); i++) {
            Tensor reference = fixture.tensor("input" + i + ".hidden");     // [layer+1, pos, hidden]
            ActivationCache cache = caches.get(i);
            worst = Math.max(worst, cache.get(HookNames.EMBED).maxAbsDifference(reference.slice(0)));
            for (int l = 0; l < 12; l++) {
                float d = cache.get(HookNames.residPost(l)).maxAbsDifference(reference.slice(l + 1));
                assertTrue(d < TOLERANCE, "input " + i + " layer " + l + " differs by " + d);
                worst = Math.max(worst, d);
            }
        }
        System.err.println("BERT-base hidden states: max abs difference " + worst);
    }

    @Test
    void attentionPatternsMatchTransformers() {
        float worst = 0f;
        for (int i = 0; i < fixture.inputCount(); i++) {
            for (JsonNode layer : fixture.meta.get("pattern_layers")) {
                int l = layer.asInt();
                Tensor reference = fixture.tensor("input" + i + ".pattern" + l);   // [head, q, k]
                float d = caches.get(i).get(HookNames.pattern(l)).maxAbsDifference(reference);
                assertTrue(d < TOLERANCE, "input " + i + " layer " + l + " pattern differs by " + d);
                worst = Math.max(worst, d);
            }
        }
        System.err.println("BERT-base attention patterns: max abs difference " + worst);
    }

    @Test
    void maskedLmLogitsMatchTransformers() {
        float worst = 0f;
        for (int i = 0; i < fixture.inputCount(); i++) {
            Tensor logits = caches.get(i).get(HookNames.LOGITS);            // [pos, vocab]
            Tensor reference = fixture.tensor("input" + i + ".logits");     // [masks, vocab]
            int[] positions = fixture.ints(i, "logit_positions");
            for (int k = 0; k < positions.length; k++) {
                float d = logits.slice(positions[k]).maxAbsDifference(reference.slice(k));
                assertTrue(d < TOLERANCE, "input " + i + " position " + positions[k] + " logits differ by " + d);
                worst = Math.max(worst, d);
            }
        }
        System.err.println("BERT-base MLM logits: max abs difference " + worst);
    }

    @Test
    void capitalOfFranceRanksParisFirst() throws IOException {
        List<String> vocab = Files.readAllLines(model.vocabulary(), StandardCharsets.UTF_8);
        int mask = fixture.ints(0, "logit_positions")[0];
        Tensor row = caches.get(0).get(HookNames.LOGITS).slice(mask);
        int best = 0;
        for (int t = 1; t < row.size(); t++) {
            best = row.get(t) > row.get(best) ? t : best;
        }
        assertEquals("paris", vocab.get(best));
    }

    @Test
    void vocabularyEqualsTheBertUncasedTokenizerJson() throws IOException {
        List<String> vocab = Files.readAllLines(model.vocabulary(), StandardCharsets.UTF_8);
        JsonNode pieces;
        try (InputStream in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            pieces = new ObjectMapper().readTree(in).get("model").get("vocab");
        }
        assertEquals(30522, vocab.size());
        assertEquals(vocab.size(), pieces.size());
        for (Map.Entry<String, JsonNode> e : pieces.properties()) {
            assertEquals(e.getKey(), vocab.get(e.getValue().asInt()));
        }
    }
}
