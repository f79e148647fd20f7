package org.explaint.analysis.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The forms in which a distributed run moves its parts keep every bit: accumulators and claim
 * tallies as JSON text (doubles included), fitted maps through Java serialisation.
 */
class PartsRoundTripTest {

    @Test
    void anAccumulatorReadsBackWithEveryDoubleBitForBit() {
        SplittableRandom rng = new SplittableRandom(5);
        CorrespondenceAccumulator acc = new CorrespondenceAccumulator(2);
        for (int id = 0; id < 20; id++) {
            int[][][] hits = new int[Reference.values().length][MapKind.values().length][2];
            hits[0][0][1] = id;
            double[] rollout = {rng.nextDouble() * 7, Math.nextUp(1.0 / 3)};
            double[] flow = id % 3 == 0 ? null : new double[] {rng.nextDouble(), 1e-300 * id};
            acc.add(new SentenceObservation(id, 5 + id, id % 2 == 0, hits, rollout, flow));
        }
        CorrespondenceAccumulator back = CorrespondenceAccumulator.fromJson(acc.toJson());
        assertEquals(acc.layers(), back.layers());
        assertEquals(acc.sentences().size(), back.sentences().size());
        for (int s = 0; s < acc.sentences().size(); s++) {
            SentenceObservation a = acc.sentences().get(s);
            SentenceObservation b = back.sentences().get(s);
            assertEquals(a.sentenceId(), b.sentenceId());
            assertEquals(a.positions(), b.positions());
            assertEquals(a.heldOut(), b.heldOut());
            assertArrayEquals(a.hits()[0][0], b.hits()[0][0]);
            assertArrayEquals(a.rolloutSelfSum(), b.rolloutSelfSum(), 0.0);
            if (a.flowSelfSum() == null) {
                assertNull(b.flowSelfSum());
            } else {
                assertArrayEquals(a.flowSelfSum(), b.flowSelfSum(), 0.0);
            }
        }
        for (MapKind map : MapKind.values()) {
            assertEquals(acc.scoredPositions(map), back.scoredPositions(map));
        }
    }

    @Test
    void aClaimTallyReadsBackSortedById() {
        ClaimTally tally = new ClaimTally();
        tally.add(new ClaimObservation(7, new int[] {2, 1}, new int[] {1, 0}, new int[] {2, 1}));
        tally.add(new ClaimObservation(3, new int[] {4, 0}, new int[] {3, 0}, new int[] {1, 0}));
        List<ClaimObservation> back = ClaimTally.fromJson(tally.toJson()).sorted();
        assertEquals(List.of(3, 7), back.stream().map(ClaimObservation::sentenceId).toList());
        assertArrayEquals(new int[] {4, 0}, back.get(0).arcs());
        assertArrayEquals(new int[] {2, 1}, back.get(1).rolloutHits());
    }

    @Test
    void fittedMapsSurviveJavaSerialisationAndMapAlike() throws IOException, ClassNotFoundException {
        SplittableRandom rng = new SplittableRandom(9);
        float[][] x = new float[40][6];
        float[][] y = new float[40][6];
        for (int r = 0; r < 40; r++) {
            for (int k = 0; k < 6; k++) {
                x[r][k] = (float) rng.nextGaussian();
                y[r][k] = x[r][k] * 0.5f + (float) rng.nextGaussian() * 0.1f;
            }
        }
        StateMap[][] linear = {{RidgeMap.fit(x, y, 1e-3)}};
        StateMap[][] mlp = {{TanhMlpMap.fit(x, y, new TanhMlpMap.Settings(8, 2, 8, 1e-2, 3))}};
        FittedMaps maps = new FittedMaps(linear, mlp, new int[] {0, 2}, 40);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(maps);
        }
        FittedMaps back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (FittedMaps) in.readObject();
        }
        assertArrayEquals(maps.trainingSentences(), back.trainingSentences());
        assertEquals(maps.trainingPositions(), back.trainingPositions());
        for (MapKind kind : List.of(MapKind.LINEAR, MapKind.MLP)) {
            float[][] a = maps.map(kind, Reference.EMBED, 0).apply(x);
            float[][] b = back.map(kind, Reference.EMBED, 0).apply(x);
            for (int r = 0; r < a.length; r++) {
                assertArrayEquals(a[r], b[r], 0.0f, kind + " row " + r);
            }
        }
    }
}
