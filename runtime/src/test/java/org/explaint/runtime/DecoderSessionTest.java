package org.explaint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.explaint.runtime.testing.RandomWeights;
import org.junit.jupiter.api.Test;

class DecoderSessionTest {
    private static final float TOLERANCE = 1e-5f;

    static ModelConfig tinyGpt2() {
        return new ModelConfig("gpt2", 70, 32, 2, 4, 4, 8, 128, 40, 0,
                ModelConfig.Norm.LAYER_NORM, 1e-5f, ModelConfig.NormPlacement.PRE, false,
                ModelConfig.PositionEncoding.LEARNED, 0f, ModelConfig.Activation.GELU_TANH, true);
    }

    private static Tensor fullLogits(Transformer t, int[] ids) {
        Hooks hooks = Hooks.capture(List.of(HookNames.LOGITS));
        t.forward(TokenBatch.of(TokenSequence.of(ids)), hooks);
        return hooks.cache(0).get(HookNames.LOGITS);
    }

    @Test
    void cachedStepsGiveTheLogitsOfAFullForwardForLlamaAndGpt2() {
        int[] ids = {1, 5, 9, 2, 3, 17, 33, 8, 4, 12, 29, 6};
        for (ModelConfig c : List.of(RandomWeights.tinyLlama(), tinyGpt2())) {
            Transformer t = new Transformer(c, RandomWeights.forConfig(c, 21, 0.3f));
            Tensor full = fullLogits(t, ids);
            DecoderSession session = new DecoderSession(t);

            // A prompt chunk of 5, then one token at a time, then a chunk of 3.
            Tensor chunk = session.appendAll(java.util.Arrays.copyOfRange(ids, 0, 5));
            float worst = 0f;
            for (int p = 0; p < 5; p++) {
                worst = Math.max(worst, maxDiff(chunk.slice(p), full.slice(p)));
            }
            for (int p = 5; p < 9; p++) {
                float[] step = session.appendLast(ids[p]);
                worst = Math.max(worst, maxDiff(Tensor.of(step, step.length), full.slice(p)));
            }
            Tensor tail = session.appendAll(ids[9], ids[10], ids[11]);
            for (int p = 9; p < 12; p++) {
                worst = Math.max(worst, maxDiff(tail.slice(p - 9), full.slice(p)));
            }
            assertEquals(12, session.length());
            assertTrue(worst <= TOLERANCE, c.family() + " differs by " + worst);
        }
    }

    @Test
    void contextLongerThanTheModelIsRejectedWithAClearMessage() {
        ModelConfig c = tinyGpt2();
        DecoderSession session = new DecoderSession(new Transformer(c, RandomWeights.forConfig(c, 2, 0.3f)));
        session.append(new int[38]);
        ExplaintException e = assertThrows(ExplaintException.class, () -> session.append(1, 2, 3));
        assertTrue(e.getMessage().contains("at most 40 positions"), e.getMessage());
    }

    @Test
    void encodersAreRefused() {
        ModelConfig c = RandomWeights.tinyEncoder();
        Transformer t = new Transformer(c, RandomWeights.forConfig(c, 2, 0.3f));
        assertThrows(ExplaintException.class, () -> new DecoderSession(t));
    }

    @Test
    void greedySamplerTakesTheFirstMaximumAndSeededSamplingRepeats() {
        float[] logits = {0.1f, 2f, -1f, 2f};
        assertEquals(1, new TokenSampler(0f, 1f, 0).next(logits));
        int[] a = new int[20];
        int[] b = new int[20];
        TokenSampler s1 = new TokenSampler(1f, 0.9f, 42);
        TokenSampler s2 = new TokenSampler(1f, 0.9f, 42);
        for (int i = 0; i < 20; i++) {
            a[i] = s1.next(logits);
            b[i] = s2.next(logits);
            assertTrue(a[i] != 2, "token 2 lies outside the 0.9 nucleus");
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }

    private static float maxDiff(Tensor a, Tensor b) {
        float worst = 0f;
        for (int i = 0; i < a.dim(0); i++) {
            worst = Math.max(worst, Math.abs(a.get(i) - b.get(i)));
        }
        return worst;
    }
}
