package org.explaint.analysis.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class MaximumSpanningTreeTest {

    @Test
    void greedyTreeIsKeptWhenItHasNoCycle() {
        // score[h][d]: 0 -> 1 and 1 -> 2 are the strongest arcs.
        double[][] s = {
            {0, 9, 1},
            {1, 0, 8},
            {2, 1, 0}};
        assertArrayEquals(new int[] {-1, 0, 1}, MaximumSpanningTree.decode(s));
    }

    @Test
    void contractsACycleAndBreaksItWhereItCostsLeast() {
        // Greedy parents: 1 <- 2 (9), 2 <- 1 (10), 0 <- 1 (5), 3 <- 2 (6): a cycle {1, 2}.
        // Rooted at 1: 1 -> 0, 1 -> 2, 2 -> 3 = 21; at 2: 20; at 0: 4 + 10 + 6 = 20.
        double[][] s = {
            {0, 4, 3, 0},
            {5, 0, 10, 1},
            {0, 9, 0, 6},
            {1, 0, 0, 0}};
        assertArrayEquals(new int[] {1, -1, 1, 2}, MaximumSpanningTree.decode(s));
    }

    @Test
    void arborescenceMatchesBruteForceOnAFourNodeGraph() {
        // Directed weights with a root fixed at node 0; brute force over all parent vectors.
        double[][] w = {
            {Double.NEGATIVE_INFINITY, 1, 2, 1},
            {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 7, 3},
            {Double.NEGATIVE_INFINITY, 8, Double.NEGATIVE_INFINITY, 2},
            {Double.NEGATIVE_INFINITY, 4, 6, Double.NEGATIVE_INFINITY}};
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int p1 = 0; p1 < 4; p1++) {
            for (int p2 = 0; p2 < 4; p2++) {
                for (int p3 = 0; p3 < 4; p3++) {
                    int[] p = {-1, p1, p2, p3};
                    if (!isTree(p)) {
                        continue;
                    }
                    double score = w[p1][1] + w[p2][2] + w[p3][3];
                    if (score > bestScore) {
                        bestScore = score;
                        best = p;
                    }
                }
            }
        }
        assertArrayEquals(best, MaximumSpanningTree.arborescence(w, 0));
    }

    private static boolean isTree(int[] parent) {
        for (int v = 1; v < parent.length; v++) {
            int at = v;
            for (int steps = 0; at != 0; steps++) {
                if (steps > parent.length || parent[at] == at) {
                    return false;
                }
                at = parent[at];
            }
        }
        return true;
    }
}
