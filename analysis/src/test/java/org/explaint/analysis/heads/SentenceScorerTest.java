package org.explaint.analysis.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.explaint.text.conllu.Sentence;
import org.explaint.text.conllu.Treebank;
import org.junit.jupiter.api.Test;

class SentenceScorerTest {
    static final String DOG_BARKS = """
            1\tThe\tthe\tDET\t_\t_\t2\tdet\t_\t_
            2\tdog\tdog\tNOUN\t_\t_\t3\tnsubj\t_\t_
            3\tbarks\tbark\tVERB\t_\t_\t0\troot\t_\t_
            4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_
            """;

    // Head 0 points each word at its head, except "barks", which looks at "dog".
    private static final float[][] TO_HEAD = {
        {0.5f, 0.4f, 0.1f, 0f},
        {0.1f, 0.5f, 0.3f, 0.1f},
        {0.2f, 0.3f, 0.3f, 0.2f},
        {0f, 0f, 1f, 0f}};
    // Head 1 is uniform: every argmax is a tie, resolved to the lowest other index.
    private static final float[][] UNIFORM = {
        {0.25f, 0.25f, 0.25f, 0.25f},
        {0.25f, 0.25f, 0.25f, 0.25f},
        {0.25f, 0.25f, 0.25f, 0.25f},
        {0.25f, 0.25f, 0.25f, 0.25f}};

    static Sentence sentence() {
        try (Treebank t = Treebank.parse("dog.conllu", DOG_BARKS, false)) {
            return t.next();
        }
    }

    private static SentenceTally score(boolean causal) {
        float[][][][] attention = {{TO_HEAD, UNIFORM}};
        return new SentenceScorer(causal).score(7, sentence(), attention, new double[][] {{0.5, 0.25}});
    }

    @Test
    void dependentToHeadHitsFollowTheArgmaxOverOtherWords() {
        SentenceTally t = score(false);
        RelationTally det = t.relations().get("det");
        RelationTally nsubj = t.relations().get("nsubj");
        RelationTally punct = t.relations().get("punct");
        assertArrayEquals(new int[] {1, 1}, det.hits()[0]);
        assertArrayEquals(new int[] {1, 0}, nsubj.hits()[0]);
        assertArrayEquals(new int[] {1, 0}, punct.hits()[0]);
        assertFalse(t.relations().containsKey("root"));
    }

    @Test
    void headToDependentReadsTheHeadsRow() {
        SentenceTally t = score(false);
        assertArrayEquals(new int[] {0, 1}, t.relations().get("det").hits()[1]);
        assertArrayEquals(new int[] {1, 0}, t.relations().get("nsubj").hits()[1]);
        assertArrayEquals(new int[] {0, 0}, t.relations().get("punct").hits()[1]);
    }

    @Test
    void allPoolsEveryArcButPunctuation() {
        RelationTally all = score(false).relations().get(SentenceScorer.ALL);
        assertArrayEquals(new int[] {2, 2}, all.count());
        assertArrayEquals(new int[] {2, 1}, all.hits()[0]);
        assertArrayEquals(new int[] {1, 1}, all.hits()[1]);
        assertArrayEquals(new int[] {1, 1}, all.offsets()[0]);
        assertArrayEquals(new int[] {-1, -1}, all.offsets()[1]);
    }

    @Test
    void causalModelsScoreOnlyLeftwardArcs() {
        SentenceTally t = score(true);
        assertArrayEquals(new int[] {0, 1}, t.relations().get("det").count());
        assertArrayEquals(new int[] {1, 0}, t.relations().get("punct").count());
    }

    @Test
    void treeDecodingRecoversTheGoldEdgesOfTheFocusedHead() {
        SentenceTally t = score(false);
        assertEquals(3, t.treeEdges());
        assertEquals(3, t.treeCorrect()[0]);
        assertEquals(500_000_000L, t.specialMass()[0]);
        assertEquals(7, t.index());
    }

    @Test
    void tiesGoToTheLowestOtherIndex() {
        assertEquals(1, SentenceScorer.mostAttendedOther(new float[] {0.5f, 0.5f, 0.5f}, 0));
        assertEquals(0, SentenceScorer.mostAttendedOther(new float[] {0.5f, 0.5f, 0.5f}, 2));
    }
}
