package org.explaint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.explaint.runtime.testing.RandomWeights;
import org.junit.jupiter.api.Test;

/** NaN and infinity are stopped where they appear, with the weight or hook that holds them. */
class NumericalGuardTest {
    private static final TokenBatch BATCH = new TokenBatch(List.of(
            new TokenSequence(new int[] {1, 2, 3}, null), new TokenSequence(new int[] {4, 5, 6, 7}, null)));

    @Test
    void aNanWeightIsRefusedWhenTheModelIsBuilt() {
        ModelConfig c = RandomWeights.tinyEncoder();
        ModelWeights w = RandomWeights.forConfig(c, 3, 0.3f);
        Tensor v = w.find(ModelWeights.block(1, "attn.v.weight"));
        v.set(Float.NaN, 2, 3);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> new Transformer(c, w));
        assertTrue(e.getMessage().contains("blocks.1.attn.v.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void anOverflowNamesTheFirstHookWhereItAppears() {
        ModelConfig c = RandomWeights.tinyLlama();
        ModelWeights w = RandomWeights.forConfig(c, 5, 0.3f);
        // finite weights, but gate and up outputs of about 1e30 whose product overflows float32
        w.find(ModelWeights.block(1, "mlp.gate.weight")).fill(1e30f);
        w.find(ModelWeights.block(1, "mlp.up.weight")).fill(1e30f);
        Transformer t = new Transformer(c, w);
        NonFiniteActivationException e = assertThrows(NonFiniteActivationException.class,
                () -> t.forward(BATCH, Hooks.none()));
        assertEquals(HookNames.mlpPost(1), e.hook(), e.getMessage());
    }

    @Test
    void aNanWrittenByAnInterventionIsCaughtAtTheNextHook() {
        ModelConfig c = RandomWeights.tinyEncoder();
        Transformer t = new Transformer(c, RandomWeights.forConfig(c, 7, 0.3f));
        Hooks hooks = Hooks.none().intervene(HookNames.v(0), (hook, sequence, value) -> {
            if (sequence == 1) {
                value.set(Float.NaN, 2, 0, 0);
            }
        });
        NonFiniteActivationException e = assertThrows(NonFiniteActivationException.class,
                () -> t.forward(BATCH, hooks));
        assertEquals(HookNames.z(0), e.hook(), e.getMessage());
        assertEquals(1, e.sequence());
    }

    @Test
    void finiteRunsAreUntouched() {
        ModelConfig c = RandomWeights.tinyEncoder();
        Transformer t = new Transformer(c, RandomWeights.forConfig(c, 7, 0.3f));
        assertEquals(2, t.forward(BATCH, Hooks.none()).size());
    }
}
