package org.explaint.analysis.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.explaint.runtime.ExplaintException;
import org.explaint.text.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimRescorerTest {
    // [CLS] w0 w1 w2 [SEP]
    private static final Encoding ENCODING = new Encoding(new int[] {1, 5, 6, 7, 2},
            List.of("[CLS]", "a", "b", "c", "[SEP]"), new int[] {-1, 0, 1, 2, -1}, new int[5]);

    @Test
    void rolloutBelowTheHeadMovesItsAttentionToTheTokenThatFedTheKey() {
        // Block 0: position 2 attends fully to position 3, everyone else to itself.
        double[][] block0 = AttentionRollout.identity(5);
        block0[2][2] = 0;
        block0[2][3] = 1;
        // Block 1, head 0: word 0 (position 1) attends 0.6 to position 2 and 0.4 to position 3.
        float[] head = new float[25];
        for (int q = 0; q < 5; q++) {
            head[q * 5 + q] = 1;
        }
        head[5 + 1] = 0;
        head[5 + 2] = 0.6f;
        head[5 + 3] = 0.4f;
        SentenceStates s = new SentenceStates(0, new float[3][5][2], new float[5][2],
                new double[][][] {block0, AttentionRollout.identity(5)}, new float[][] {head.clone(), head});

        // Gold: word 0's head is word 2 (id 3); raw attention picks word 1, rollout picks word 2.
        DependencySentence gold = new DependencySentence(List.of("a", "b", "c"), new int[] {3, 3, 0},
                new String[] {"nsubj", "obj", "root"});
        HeadClaim claim = new HeadClaim("nsubj", 1, 1, 0, HeadClaim.DEP_TO_HEAD, 0.9, -1, 0.1,
                new double[] {0.05, 0.15});
        ClaimRescorer rescorer = new ClaimRescorer(List.of(claim), 2, 1);
        ClaimObservation o = rescorer.observe(s, ENCODING, gold);
        assertArrayEquals(new int[] {1}, o.arcs());
        assertArrayEquals(new int[] {0}, o.rawHits());
        assertArrayEquals(new int[] {1}, o.rolloutHits());
    }

    @Test
    void wordAttributionSumsToWordsAndAveragesFromWordsDroppingSpecials() {
        // [CLS] a ##b c [SEP]: word 0 has pieces 1 and 2.
        Encoding e = new Encoding(new int[] {1, 5, 6, 7, 2}, List.of("[CLS]", "a", "##b", "c", "[SEP]"),
                new int[] {-1, 0, 0, 1, -1}, new int[5]);
        double[][] p = new double[5][5];
        p[1] = new double[] {0.5, 0.1, 0.1, 0.3, 0};
        p[2] = new double[] {0, 0.2, 0.2, 0.2, 0.4};
        p[3] = new double[] {0, 0.25, 0.25, 0, 0.5};
        double[][] w = WordAttribution.of(p, e);
        assertEquals((0.2 + 0.4) / 2, w[0][0], 1e-12);
        assertEquals((0.3 + 0.2) / 2, w[0][1], 1e-12);
        assertEquals(0.5, w[1][0], 1e-12);
        assertEquals(1, WordAttribution.mostAttendedOther(w, 0));
        assertEquals(0, WordAttribution.mostAttendedOther(w, 1));
    }

    @Test
    void verdictRuleSeparatesTheThreeCases() {
        VerdictRule rule = VerdictRule.standard();
        double[] baseline = {0.30, 0.40};
        assertEquals(VerdictRule.WARRANTED, rule.judge(0.6, new double[] {0.5, 0.7}, baseline, 0.9));
        assertEquals(VerdictRule.WEAK, rule.judge(0.45, new double[] {0.38, 0.52}, baseline, 0.9));
        assertEquals(VerdictRule.WEAK, rule.judge(0.6, new double[] {0.5, 0.7}, baseline, 0.6));
        assertEquals(VerdictRule.NOT_WARRANTED, rule.judge(0.40, new double[] {0.3, 0.5}, baseline, 0.9));
        assertEquals(VerdictRule.NOT_WARRANTED, rule.judge(0.9, new double[] {0.8, 1.0}, baseline, 0.49));
        assertEquals(true, rule.text().contains("0.5") && rule.text().contains("0.8"));
    }

    @Test
    void headClaimsAreReadFromTheHeadProbingSchema(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("heads.json");
        Files.writeString(file, """
                {"model": "m", "relations": {
                  "nsubj": {"count": 120, "best": {"layer": 2, "head": 5, "direction": "dep->head",
                            "score": 0.61, "ci": [0.55, 0.67]},
                            "baseline": {"direction": "dep->head", "offset": 1, "score": 0.4, "ci": [0.35, 0.45]},
                            "random_model_score": 0.2, "grid": [[0.1]]}}}
                """);
        List<HeadClaim> claims = HeadClaims.read(file);
        assertEquals(1, claims.size());
        HeadClaim c = claims.get(0);
        assertEquals("nsubj", c.relation());
        assertEquals(2, c.layer());
        assertEquals(5, c.head());
        assertEquals(0.61, c.score(), 0.0);
        assertArrayEquals(new double[] {0.35, 0.45}, c.baselineCi(), 0.0);
        assertThrows(ExplaintException.class, () -> new ClaimRescorer(claims, 2, 8));
    }
}
