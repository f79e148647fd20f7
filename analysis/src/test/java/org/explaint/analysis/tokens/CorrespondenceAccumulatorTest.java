package org.explaint.analysis.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CorrespondenceAccumulatorTest {

    @Test
    void mergeOrderDoesNotChangeCountsOrIntervals() {
        CorrespondenceAccumulator a = new CorrespondenceAccumulator(2);
        CorrespondenceAccumulator b = new CorrespondenceAccumulator(2);
        for (int s = 0; s < 10; s++) {
            (s % 3 == 0 ? a : b).add(observation(s, 4 + s % 3, s % 2 == 0, s % 4, 0.1 * s));
        }
        CorrespondenceAccumulator ab = new CorrespondenceAccumulator(2);
        ab.merge(a);
        ab.merge(b);
        CorrespondenceAccumulator ba = new CorrespondenceAccumulator(2);
        ba.merge(b);
        ba.merge(a);
        SentenceBootstrap boot = new SentenceBootstrap(200, 3);
        for (MapKind map : MapKind.values()) {
            assertEquals(ab.hits(Reference.EMBED, map, 1), ba.hits(Reference.EMBED, map, 1));
            assertEquals(ab.scoredPositions(map), ba.scoredPositions(map));
            Estimate x = ab.identifiability(Reference.EMBED, map, 1, boot);
            Estimate y = ba.identifiability(Reference.EMBED, map, 1, boot);
            assertEquals(x.rate(), y.rate(), 0.0);
            assertArrayEquals(x.ci(), y.ci(), 0.0);
        }
        assertEquals(ab.rolloutSelfShare(1, boot).rate(), ba.rolloutSelfShare(1, boot).rate(), 0.0);
    }

    @Test
    void identityPoolsAllSentencesWhileMapsPoolOnlyHeldOutOnes() {
        CorrespondenceAccumulator acc = new CorrespondenceAccumulator(1);
        acc.add(observation(0, 4, false, 4, 1));
        acc.add(observation(1, 6, true, 3, 1));
        SentenceBootstrap boot = new SentenceBootstrap(50, 1);
        assertEquals(7.0 / 10, acc.identifiability(Reference.EMBED, MapKind.IDENTITY, 0, boot).rate(), 1e-15);
        assertEquals(3.0 / 6, acc.identifiability(Reference.EMBED, MapKind.LINEAR, 0, boot).rate(), 1e-15);
        assertEquals(10, acc.scoredPositions(MapKind.IDENTITY));
        assertEquals(6, acc.scoredPositions(MapKind.MLP));
    }

    @Test
    void constantRatesHaveADegenerateIntervalAndDuplicatesAreRejected() {
        CorrespondenceAccumulator acc = new CorrespondenceAccumulator(1);
        for (int s = 0; s < 5; s++) {
            acc.add(observation(s, 5, true, 5, 5));
        }
        Estimate e = acc.rolloutSelfShare(0, new SentenceBootstrap(100, 2));
        assertArrayEquals(new double[] {1, 1}, e.ci(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> acc.add(observation(3, 5, true, 5, 5)));
    }

    private static SentenceObservation observation(int id, int n, boolean heldOut, int hit, double self) {
        int layers = 2;
        int[][][] hits = new int[2][3][layers];
        for (int ref = 0; ref < 2; ref++) {
            for (int map = 0; map < 3; map++) {
                for (int k = 0; k < layers; k++) {
                    hits[ref][map][k] = map == 0 || heldOut ? Math.min(hit, n) : 0;
                }
            }
        }
        return new SentenceObservation(id, n, heldOut, hits, new double[] {self, self}, null);
    }
}
