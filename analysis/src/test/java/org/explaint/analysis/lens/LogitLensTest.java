package org.explaint.analysis.lens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.explaint.runtime.testing.RandomWeights;
import org.junit.jupiter.api.Test;

class LogitLensTest {

    @Test
    void lastLayerLensEqualsTheModelsOwnLogitsExactly() {
        ModelConfig c = RandomWeights.tinyLlama();
        Transformer t = new Transformer(c, RandomWeights.forConfig(c, 5, 0.3f));
        int[] ids = {1, 7, 3, 22, 9};
        LogitLens lens = new LogitLens(t);
        List<Tensor> layers = lens.logits(ids);
        assertEquals(c.layers() + 1, layers.size());
        assertEquals(List.of("embed", "blocks.0.resid_post", "blocks.1.resid_post"), lens.layers());
        Hooks hooks = Hooks.capture(List.of(HookNames.LOGITS));
        t.forward(TokenBatch.of(TokenSequence.of(ids)), hooks);
        assertEquals(0f, layers.get(c.layers()).maxAbsDifference(hooks.cache(0).get(HookNames.LOGITS)));
    }

    @Test
    void topPredictionsAreSortedAndCarryProbabilities() {
        List<LensPrediction> top = LensPrediction.top(new float[] {0f, 3f, 1f, 3f, -2f}, 3);
        assertEquals(List.of(1, 3, 2), top.stream().map(LensPrediction::token).toList());
        double z = 1 + 2 * Math.exp(3) + Math.exp(1) + Math.exp(-2);
        assertEquals(Math.exp(3) / z, top.get(0).probability(), 1e-6);
        assertTrue(top.get(1).probability() > top.get(2).probability());
    }
}
