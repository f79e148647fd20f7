package org.explaint.analysis.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.junit.jupiter.api.Test;

class MapFitterTest {

    @Test
    void ridgeMapRecoversAKnownLinearTransformation() {
        SplittableRandom rng = new SplittableRandom(3);
        int m = 400;
        double[][] w = new double[6][5];
        double[] b = {0.5, -1, 2, 0, 0.25};
        for (double[] row : w) {
            for (int o = 0; o < 5; o++) {
                row[o] = rng.nextDouble() * 2 - 1;
            }
        }
        float[][] x = new float[m][6];
        float[][] y = new float[m][5];
        for (int r = 0; r < m; r++) {
            for (int k = 0; k < 6; k++) {
                x[r][k] = (float) (rng.nextDouble() * 4 - 2);
            }
            for (int o = 0; o < 5; o++) {
                double v = b[o];
                for (int k = 0; k < 6; k++) {
                    v += x[r][k] * w[k][o];
                }
                y[r][o] = (float) v;
            }
        }
        RidgeMap map = RidgeMap.fit(x, y, 1e-9);
        for (int k = 0; k < 6; k++) {
            for (int o = 0; o < 5; o++) {
                assertEquals(w[k][o], map.weight(k, o), 1e-4, "W[" + k + "," + o + "]");
            }
        }
        assertArrayEquals(b, map.bias(), 1e-4);
        float[][] mapped = map.apply(new float[][] {x[7]});
        for (int o = 0; o < 5; o++) {
            assertEquals(y[7][o], mapped[0][o], 1e-4);
        }
    }

    @Test
    void mlpFitsANonlinearMapBetterThanTheMeanAndReproduces() {
        SplittableRandom rng = new SplittableRandom(4);
        int m = 600;
        float[][] x = new float[m][3];
        float[][] y = new float[m][2];
        for (int r = 0; r < m; r++) {
            for (int k = 0; k < 3; k++) {
                x[r][k] = (float) (rng.nextDouble() * 2 - 1);
            }
            y[r][0] = (float) Math.tanh(2 * x[r][0] - x[r][1]);
            y[r][1] = (float) (x[r][2] * x[r][2]);
        }
        TanhMlpMap.Settings s = new TanhMlpMap.Settings(16, 60, 16, 1e-2, 9);
        TanhMlpMap first = TanhMlpMap.fit(x, y, s);
        TanhMlpMap second = TanhMlpMap.fit(x, y, s);
        float[][] p1 = first.apply(x);
        float[][] p2 = second.apply(x);
        double mse = 0;
        double baseline = 0;
        double[] mean = RidgeMap.columnMeans(y);
        for (int r = 0; r < m; r++) {
            assertArrayEquals(p1[r], p2[r], 0f);
            for (int o = 0; o < 2; o++) {
                mse += Math.pow(p1[r][o] - y[r][o], 2);
                baseline += Math.pow(mean[o] - y[r][o], 2);
            }
        }
        assertTrue(mse < 0.1 * baseline, "MLP mse " + mse + " vs mean predictor " + baseline);
    }

    @Test
    void mapsReadOnlyTrainingSentencesAndAreScoredOnlyOnHeldOutOnes() {
        Transformer t = ConstructedModels.quietEncoder();
        StateExtractor ex = new StateExtractor(t, UnaryOperator.identity());
        List<TokenSequence> corpus = ConstructedModels.sentences(20, 6);
        int[] training = TokenCorrespondence.trainingSplit(corpus.size(), 0.4, 5);

        // A recording source: every id the fitter asks for is kept.
        TreeSet<Integer> requested = new TreeSet<>();
        SentenceSource spy = id -> {
            requested.add(id);
            return ex.extract(id, corpus.get(id));
        };
        FittedMaps maps = MapFitter.fit(spy, training, ex.layers().count(),
                ConstructedModels.testSettings(1).maps(), 2);
        assertArrayEquals(training, requested.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(8, training.length);

        // Held-out sentences are exactly the complement; training sentences score no map hits.
        for (int id = 0; id < corpus.size(); id++) {
            boolean isTraining = Arrays.binarySearch(training, id) >= 0;
            assertEquals(isTraining, maps.sawSentence(id));
            SentenceObservation o = TokenCorrespondence.observe(ex.extract(id, corpus.get(id)), maps,
                    ex.layers(), 0);
            assertEquals(!isTraining, o.heldOut());
            if (isTraining) {
                for (Reference ref : Reference.values()) {
                    assertEquals(0, Arrays.stream(o.hits()[ref.ordinal()][MapKind.LINEAR.ordinal()]).sum());
                    assertEquals(0, Arrays.stream(o.hits()[ref.ordinal()][MapKind.MLP.ordinal()]).sum());
                }
            }
            assertFalse(o.positions() == 0);
        }
    }

    @Test
    void linearMapUndoesAnInvertibleTransformOfTheStates() {
        // States = embed times a fixed random matrix: identity fails, the fitted linear map recovers.
        SplittableRandom rng = new SplittableRandom(8);
        int d = 12;
        float[][] mix = new float[d][d];
        for (float[] row : mix) {
            for (int k = 0; k < d; k++) {
                row[k] = (float) (rng.nextDouble() * 2 - 1);
            }
        }
        int sentences = 40;
        SentenceStates[] all = new SentenceStates[sentences];
        for (int s = 0; s < sentences; s++) {
            int n = 6 + s % 5;
            float[][] embed = new float[n][d];
            float[][] mixed = new float[n][d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    embed[i][k] = (float) rng.nextGaussian();
                }
                for (int o = 0; o < d; o++) {
                    for (int k = 0; k < d; k++) {
                        mixed[i][o] += embed[i][k] * mix[k][o];
                    }
                }
            }
            double[][][] attention = {AttentionRollout.identity(n)};
            all[s] = new SentenceStates(s, new float[][][] {embed, mixed}, embed, attention, null);
        }
        int[] training = TokenCorrespondence.trainingSplit(sentences, 0.5, 1);
        FittedMaps maps = MapFitter.fit(id -> all[id], training, 2,
                new MapFitter.Settings(1000, 1e-8, new TanhMlpMap.Settings(8, 1, 8, 1e-3, 1)), 1);
        CorrespondenceAccumulator acc = new CorrespondenceAccumulator(2);
        org.explaint.runtime.ModelConfig c = org.explaint.runtime.testing.RandomWeights.tinyEncoder();
        StateLayers layers = StateLayers.of(new org.explaint.runtime.ModelConfig(c.family(), c.vocabSize(),
                d, 1, 2, 2, 6, 24, 40, 0, c.norm(), c.normEpsilon(), c.normPlacement(), true,
                c.positions(), 0f, c.activation(), false));
        for (SentenceStates s : all) {
            if (!maps.sawSentence(s.sentenceId())) {
                acc.add(TokenCorrespondence.observe(s, maps, layers, 0));
            }
        }
        SentenceBootstrap boot = new SentenceBootstrap(100, 1);
        assertEquals(1.0, acc.identifiability(Reference.EMBED, MapKind.LINEAR, 1, boot).rate(), 0.0);
        assertTrue(acc.identifiability(Reference.EMBED, MapKind.IDENTITY, 1, boot).rate() < 0.6);
    }
}
