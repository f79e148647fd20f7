package org.explaint.analysis.heads;

import java.util.HashMap;
import java.util.Map;
import org.explaint.text.conllu.Sentence;
import org.explaint.text.conllu.Word;

/**
 * Scores every head's word-level attention in one sentence against the gold dependency tree.
 *
 * <p>For each dependent {@code d} with head {@code h} (the root is skipped): in
 * {@link Direction#DEP_TO_HEAD} a head scores a hit when the word {@code d} attends to most,
 * itself excluded, is {@code h}; in {@link Direction#HEAD_TO_DEP} when the word {@code h} attends
 * to most, itself excluded, is {@code d}. Ties in the argmax go to the lowest word index.
 *
 * <p>For causal models a word sees only itself and earlier words, so dep->head scores only arcs
 * whose head precedes the dependent, and head->dep only arcs whose dependent precedes the head.
 *
 * <p>Tree decoding: the attention is symmetrised ({@code A + A^T}) and decoded by
 * {@link MaximumSpanningTree} with an artificial root; the tree's undirected edges are compared
 * with the gold tree's (punctuation included).
 */
public final class SentenceScorer {
    /** The pseudo-relation pooling every dependent except {@code punct} and {@code root}. */
    public static final String ALL = "all";

    private final boolean causal;

    /** A scorer; {@code causal} restricts the arcs scored as described above. */
    public SentenceScorer(boolean causal) {
        this.causal = causal;
    }

    /**
     * Scores one sentence.
     *
     * @param index       the sentence's position in the corpus
     * @param sentence    the gold tree
     * @param attention   word-level attention {@code [layer, head, query word, key word]}
     * @param specialMass attention mass on special tokens {@code [layer, head]}
     */
    public SentenceTally score(int index, Sentence sentence, float[][][][] attention,
                               double[][] specialMass) {
        int layers = attention.length;
        int heads = attention[0].length;
        int n = sentence.size();

        // Each head's most-attended other word for every word: [layer * heads + head][word].
        int[][] argmax = new int[layers * heads][n];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                for (int w = 0; w < n; w++) {
                    argmax[l * heads + h][w] = mostAttendedOther(attention[l][h][w], w);
                }
            }
        }

        // Tally each arc under its relation and under "all".
        Map<String, RelationTally.Builder> builders = new HashMap<>();
        for (Word word : sentence.words()) {
            if (word.isRoot()) {
                continue;
            }
            int d = word.id() - 1;
            int g = word.head() - 1;
            tallyArc(builders.computeIfAbsent(word.relation(),
                    r -> new RelationTally.Builder(layers * heads)), argmax, d, g);
            if (!word.relation().equals("punct")) {
                tallyArc(builders.computeIfAbsent(ALL, r -> new RelationTally.Builder(layers * heads)),
                        argmax, d, g);
            }
        }
        Map<String, RelationTally> relations = new HashMap<>();
        builders.forEach((r, b) -> relations.put(r, b.build()));

        // Decode a tree from each head and count the gold edges it recovers.
        int[] treeCorrect = new int[layers * heads];
        if (n > 1) {
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < heads; h++) {
                    treeCorrect[l * heads + h] = treeMatches(sentence, attention[l][h]);
                }
            }
        }

        long[] mass = new long[layers * heads];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                mass[l * heads + h] = Math.round(specialMass[l][h] / SentenceTally.MASS_UNIT);
            }
        }
        return new SentenceTally(index, relations, treeCorrect, n - 1, mass);
    }

    private void tallyArc(RelationTally.Builder b, int[][] argmax, int d, int g) {
        if (!causal || g < d) {
            b.dependent(Direction.DEP_TO_HEAD, g - d);
            for (int lh = 0; lh < argmax.length; lh++) {
                if (argmax[lh][d] == g) {
                    b.hit(Direction.DEP_TO_HEAD, lh);
                }
            }
        }
        if (!causal || d < g) {
            b.dependent(Direction.HEAD_TO_DEP, d - g);
            for (int lh = 0; lh < argmax.length; lh++) {
                if (argmax[lh][g] == d) {
                    b.hit(Direction.HEAD_TO_DEP, lh);
                }
            }
        }
    }

    /** The index of the largest entry other than {@code self}; the lowest index wins ties. */
    static int mostAttendedOther(float[] row, int self) {
        int best = -1;
        for (int j = 0; j < row.length; j++) {
            if (j != self && (best < 0 || row[j] > row[best])) {
                best = j;
            }
        }
        return best;
    }

    private static int treeMatches(Sentence sentence, float[][] a) {
        int n = a.length;
        double[][] sym = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sym[i][j] = (double) a[i][j] + a[j][i];
            }
        }
        int[] heads = MaximumSpanningTree.decode(sym);
        int correct = 0;
        for (Word w : sentence.words()) {
            if (w.isRoot()) {
                continue;
            }
            int d = w.id() - 1;
            int g = w.head() - 1;
            if (heads[d] == g || heads[g] == d) {
                correct++;
            }
        }
        return correct;
    }
}
