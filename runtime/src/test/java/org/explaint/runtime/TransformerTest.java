package org.explaint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.explaint.runtime.testing.RandomWeights;
import org.junit.jupiter.api.Test;

class TransformerTest {

    @Test
    void batchedForwardEqualsOneByOneForEncoderAndDecoder() {
        for (ModelConfig c : List.of(RandomWeights.tinyEncoder(), RandomWeights.tinyLlama())) {
            Transformer t = new Transformer(c, RandomWeights.forConfig(c, 7, 0.3f));
            TokenSequence a = TokenSequence.of(1, 5, 9, 2, 3);
            TokenSequence b = TokenSequence.of(4, 8, 15, 16, 23, 42, 7, 3, 11);
            Hooks together = Hooks.captureAll();
            List<Tensor> both = t.forward(new TokenBatch(List.of(a, b)), together);
            Hooks alone = Hooks.captureAll();
            Tensor second = t.forward(TokenBatch.of(b), alone).get(0);
            assertEquals(0f, both.get(1).maxAbsDifference(second), c.family());
            for (String hook : alone.cache(0).names()) {
                assertEquals(0f, together.cache(1).get(hook).maxAbsDifference(alone.cache(0).get(hook)), hook);
            }
        }
    }

    @Test
    void paddedBatchDropsPaddingOnEitherSide() {
        ModelConfig c = RandomWeights.tinyLlama();
        Transformer t = new Transformer(c, RandomWeights.forConfig(c, 3, 0.3f));
        int[][] ids = {{0, 0, 5, 6, 7}, {5, 6, 7, 0, 0}};
        int[][] mask = {{0, 0, 1, 1, 1}, {1, 1, 1, 0, 0}};
        List<Tensor> out = t.forward(TokenBatch.fromPadded(ids, mask, null), Hooks.none());
        Tensor alone = t.forward(TokenBatch.of(TokenSequence.of(5, 6, 7)), Hooks.none()).get(0);
        assertEquals(0f, out.get(0).maxAbsDifference(alone));
        assertEquals(0f, out.get(1).maxAbsDifference(alone));
    }

    @Test
    void attentionPatternRowsSumToOneAndCausalModelsNeverLookAhead() {
        ModelConfig c = RandomWeights.tinyLlama();
        Transformer t = new Transformer(c, RandomWeights.forConfig(c, 11, 0.3f));
        Hooks hooks = Hooks.capture(List.of(HookNames.pattern(1)));
        t.forward(TokenBatch.of(TokenSequence.of(1, 2, 3, 4)), hooks);
        Tensor p = hooks.cache(0).get(HookNames.pattern(1));
        assertEquals(List.of(4, 4, 4), List.of(p.dim(0), p.dim(1), p.dim(2)));
        for (int head = 0; head < 4; head++) {
            for (int i = 0; i < 4; i++) {
                float sum = 0f;
                for (int j = 0; j < 4; j++) {
                    sum += p.get(head, i, j);
                    if (j > i) {
                        assertEquals(0f, p.get(head, i, j));
                    }
                }
                assertEquals(1f, sum, 1e-6f);
            }
        }
    }

    @Test
    void zeroingAHeadPatternChangesLaterLayersOnly() {
        ModelConfig c = RandomWeights.tinyEncoder();
        Transformer t = new Transformer(c, RandomWeights.forConfig(c, 5, 0.3f));
        TokenBatch batch = TokenBatch.of(TokenSequence.of(3, 4, 5, 6));
        Hooks plain = Hooks.captureAll();
        t.forward(batch, plain);
        Hooks ablated = Hooks.captureAll().intervene(HookNames.pattern(1), Intervention.zeroHeadPattern(2));
        t.forward(batch, ablated);
        assertEquals(0f, ablated.cache(0).get(HookNames.residPost(0))
                .maxAbsDifference(plain.cache(0).get(HookNames.residPost(0))));
        Tensor pattern = ablated.cache(0).get(HookNames.pattern(1));
        assertEquals(0f, pattern.get(2, 1, 1));
        assertTrue(ablated.cache(0).get(HookNames.residPost(1))
                .maxAbsDifference(plain.cache(0).get(HookNames.residPost(1))) > 1e-4f);
    }

    @Test
    void headResultsSumToTheAttentionOutputMinusBias() {
        ModelConfig c = RandomWeights.tinyEncoder();
        ModelWeights w = RandomWeights.forConfig(c, 9, 0.3f);
        Transformer t = new Transformer(c, w);
        Hooks hooks = Hooks.capture(List.of(HookNames.result(0), HookNames.attnOut(0)));
        t.forward(TokenBatch.of(TokenSequence.of(1, 2, 3)), hooks);
        Tensor result = hooks.cache(0).get(HookNames.result(0));
        Tensor out = hooks.cache(0).get(HookNames.attnOut(0));
        Tensor bias = w.find("blocks.0.attn.o.bias");
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < c.hidden(); i++) {
                float sum = bias.get(i);
                for (int head = 0; head < c.heads(); head++) {
                    sum += result.get(p, head, i);
                }
                assertEquals(out.get(p, i), sum, 1e-5f);
            }
        }
    }

    @Test
    void rejectsTokensOutsideTheVocabularyAndOverlongSequences() {
        ModelConfig c = RandomWeights.tinyEncoder();
        Transformer t = new Transformer(c, RandomWeights.forConfig(c, 1, 0.3f));
        ExplaintException bad = assertThrows(ExplaintException.class,
                () -> t.forward(TokenBatch.of(TokenSequence.of(1, 999)), Hooks.none()));
        assertTrue(bad.getMessage().contains("999"), bad.getMessage());
        ExplaintException longer = assertThrows(ExplaintException.class,
                () -> t.forward(TokenBatch.of(TokenSequence.of(new int[41])), Hooks.none()));
        assertTrue(longer.getMessage().contains("at most 40"), longer.getMessage());
    }
}
