package org.explaint.analysis.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.junit.jupiter.api.Test;

class TokenCorrespondenceTest {

    @Test
    void identityAttentionKeepsIdentifiabilityAndSelfShareAtOneEverywhere() {
        Transformer t = ConstructedModels.quietEncoder();
        StateExtractor ex = new StateExtractor(t, ConstructedModels.identityAttention(t.config().layers()));
        CorrespondenceResult r = new TokenCorrespondence(ex, ConstructedModels.testSettings(1))
                .run(ConstructedModels.sentences(30, 1));
        assertEquals(t.config().layers() + 1, r.layers().size());
        for (LayerCorrespondence layer : r.layers()) {
            assertEquals(1.0, identity(layer, Reference.EMBED), 0.0, "layer " + layer.layer());
            assertEquals(1.0, layer.rolloutSelfShare().rate(), 1e-12, "rollout " + layer.layer());
            assertEquals(1.0, layer.flowSelfShare().rate(), 1e-9, "flow " + layer.layer());
        }
    }

    @Test
    void uniformAttentionWithLoudValuesDestroysIdentifiability() {
        Transformer t = ConstructedModels.loudAttentionEncoder();
        StateExtractor ex = new StateExtractor(t, ConstructedModels.uniformAttention(t.config().layers()));
        CorrespondenceResult r = new TokenCorrespondence(ex, ConstructedModels.testSettings(1))
                .run(ConstructedModels.sentences(30, 2));
        assertEquals(1.0, identity(r.layers().get(0), Reference.EMBED), 0.0);
        for (int k = 1; k < r.layers().size(); k++) {
            double rate = identity(r.layers().get(k), Reference.EMBED);
            assertTrue(rate < 0.3, "layer " + k + " identity rate " + rate);
            // Uniform attention spreads rollout evenly: self-share falls towards 1/n.
            assertTrue(r.layers().get(k).rolloutSelfShare().rate() < 0.6);
        }
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalResults() {
        Transformer t = ConstructedModels.quietEncoder();
        List<TokenSequence> corpus = ConstructedModels.sentences(24, 3);
        CorrespondenceResult one = new TokenCorrespondence(new StateExtractor(t, UnaryOperator.identity()),
                ConstructedModels.testSettings(1)).run(corpus);
        CorrespondenceResult two = new TokenCorrespondence(new StateExtractor(t, UnaryOperator.identity()),
                ConstructedModels.testSettings(2)).run(corpus);
        for (int k = 0; k < one.layers().size(); k++) {
            LayerCorrespondence a = one.layers().get(k);
            LayerCorrespondence b = two.layers().get(k);
            for (Reference ref : Reference.values()) {
                for (MapKind map : MapKind.values()) {
                    Estimate ea = a.identifiability().get(ref.key()).get(map.key());
                    Estimate eb = b.identifiability().get(ref.key()).get(map.key());
                    assertEquals(ea.rate(), eb.rate(), 0.0);
                    assertArrayEquals(ea.ci(), eb.ci(), 0.0);
                }
            }
            assertEquals(a.rolloutSelfShare().rate(), b.rolloutSelfShare().rate(), 0.0);
            assertArrayEquals(a.flowSelfShare().ci(), b.flowSelfShare().ci(), 0.0);
        }
    }

    @Test
    void flowIsOfferedOnlyUpToTheLengthCap() {
        Transformer t = ConstructedModels.quietEncoder();
        List<TokenSequence> corpus = ConstructedModels.sentences(20, 4);
        long shortOnes = corpus.stream().filter(s -> s.length() <= 8).count();
        CorrespondenceResult r = new TokenCorrespondence(new StateExtractor(t, UnaryOperator.identity()),
                ConstructedModels.testSettings(1).withFlowMaxLength(8)).run(corpus);
        assertEquals(shortOnes, r.flowSentences());
        assertEquals(8, r.flowMaxLength());
        assertEquals((int) shortOnes, r.layers().get(1).flowSelfShare().sentences());
    }

    private static double identity(LayerCorrespondence layer, Reference ref) {
        return layer.identifiability().get(ref.key()).get(MapKind.IDENTITY.key()).rate();
    }
}
