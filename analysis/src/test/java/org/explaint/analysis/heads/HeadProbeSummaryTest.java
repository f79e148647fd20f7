package org.explaint.analysis.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.explaint.analysis.heads.HeadProbeResult.RelationResult;
import org.explaint.text.conllu.Sentence;
import org.explaint.text.conllu.Treebank;
import org.junit.jupiter.api.Test;

class HeadProbeSummaryTest {
    private static final String TINY = """
            1\tThe\tthe\tDET\t_\t_\t3\tdet\t_\t_
            2\tbig\tbig\tADJ\t_\t_\t3\tamod\t_\t_
            3\tdog\tdog\tNOUN\t_\t_\t4\tnsubj\t_\t_
            4\tbarks\tbark\tVERB\t_\t_\t0\troot\t_\t_

            1\tA\ta\tDET\t_\t_\t2\tdet\t_\t_
            2\tcat\tcat\tNOUN\t_\t_\t3\tnsubj\t_\t_
            3\tsleeps\tsleep\tVERB\t_\t_\t0\troot\t_\t_
            """;
    private static final HeadProbeSummary.RunDescription RUN =
            new HeadProbeSummary.RunDescription("fake", "tiny.conllu", "bert", false, 42, 0);

    private static HeadProbeTally uniformTally() {
        List<Sentence> sentences = new ArrayList<>();
        try (Treebank t = Treebank.parse("tiny.conllu", TINY, false)) {
            t.forEachRemaining(sentences::add);
        }
        HeadProbeTally tally = new HeadProbeTally(1, 1);
        SentenceScorer scorer = new SentenceScorer(false);
        for (int i = sentences.size() - 1; i >= 0; i--) {
            int n = sentences.get(i).size();
            float[][] uniform = new float[n][n];
            for (float[] row : uniform) {
                Arrays.fill(row, 1f / n);
            }
            tally.add(scorer.score(i, sentences.get(i), new float[][][][] {{uniform}},
                    new double[][] {{0.0}}));
        }
        return tally;
    }

    @Test
    void offsetBaselinePicksTheCommonestOffset() {
        RelationResult all = HeadProbeSummary.summarise(RUN, uniformTally(), null, null, 200)
                .relations().get("all");
        assertEquals(5, all.count());
        assertEquals("head->dep", all.baseline().direction());
        assertEquals(-1, all.baseline().offset());
        assertEquals(0.8, all.baseline().score(), 1e-12);
    }

    @Test
    void uniformAttentionScoresAsTheTieRulePredicts() {
        HeadProbeResult r = HeadProbeSummary.summarise(RUN, uniformTally(), null, null, 200);
        RelationResult all = r.relations().get("all");
        assertEquals("head->dep", all.best().direction());
        assertEquals(0.4, all.best().score(), 1e-12);
        assertEquals(0.2, all.scores().get("dep->head")[0][0], 1e-12);
        assertNull(all.randomModelScore());
        assertEquals(List.of("all"), List.copyOf(r.relations().keySet()));
        assertEquals(2, r.sentencesUsed());
    }

    @Test
    void bootstrapIntervalsRepeatWithTheSeed() {
        HeadProbeTally tally = uniformTally();
        RelationResult a = HeadProbeSummary.summarise(RUN, tally, null, null, 500).relations().get("all");
        RelationResult b = HeadProbeSummary.summarise(RUN, tally, null, null, 500).relations().get("all");
        assertArrayEquals(a.best().ci(), b.best().ci(), 0.0);
        assertArrayEquals(a.baseline().ci(), b.baseline().ci(), 0.0);
        assertTrue(a.best().ci()[0] <= a.best().score() && a.best().score() <= a.best().ci()[1]);
    }

    @Test
    void bootstrapOfAPerfectShareIsDegenerate() {
        SentenceBootstrap bootstrap = new SentenceBootstrap(3, 100, 1);
        assertArrayEquals(new double[] {1, 1}, bootstrap.interval(new int[] {2, 3, 1},
                new int[] {2, 3, 1}), 0.0);
        double[] ci = new SentenceBootstrap(3, 100, 1).interval(new int[] {0, 3, 1},
                new int[] {2, 3, 1});
        assertArrayEquals(ci, bootstrap.interval(new int[] {0, 3, 1}, new int[] {2, 3, 1}), 0.0);
    }
}
