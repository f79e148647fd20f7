package org.explaint.analysis.heads;

import java.util.Arrays;

/**
 * Maximum spanning arborescence by the Chu-Liu/Edmonds algorithm (Chu and Liu 1965,
 * Edmonds 1967), used to decode a dependency tree from a head's word-level attention.
 *
 * <p>{@link #decode} adds an artificial root: node 0 of the graph, with an edge to every word
 * weighted {@link #ROOT_EDGE}, far below any attention weight, so the best arborescence uses
 * exactly one root edge and its word-to-word edges form a maximum spanning tree over the words.
 * This is the plain recursive contraction, O(n^3) for n words, which is fast for sentences.
 */
public final class MaximumSpanningTree {
    /** The weight of each edge from the artificial root; any finite value far below the scores. */
    static final double ROOT_EDGE = -1e6;

    private MaximumSpanningTree() {
    }

    /**
     * Decodes a dependency tree over words.
     *
     * @param score {@code [head word, dependent word]}: the weight of the edge head -> dependent;
     *              must be finite
     * @return for each word, the index of its head word, or -1 for the one root word
     */
    public static int[] decode(double[][] score) {
        int n = score.length;
        double[][] w = new double[n + 1][n + 1];
        for (double[] row : w) {
            Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        for (int d = 0; d < n; d++) {
            w[0][d + 1] = ROOT_EDGE;
            for (int h = 0; h < n; h++) {
                if (h != d) {
                    w[h + 1][d + 1] = score[h][d];
                }
            }
        }
        int[] parent = arborescence(w, 0);
        int[] heads = new int[n];
        for (int d = 0; d < n; d++) {
            heads[d] = parent[d + 1] - 1;
        }
        return heads;
    }

    /**
     * The maximum spanning arborescence of a dense graph rooted at {@code root}.
     *
     * @param w    {@code [from, to]} edge weights; negative infinity marks a missing edge
     * @param root the root node
     * @return {@code parent[v]} for every node, -1 for the root
     */
    static int[] arborescence(double[][] w, int root) {
        int n = w.length;

        // Each node takes its best incoming edge (lowest source index on ties).
        int[] parent = new int[n];
        parent[root] = -1;
        for (int v = 0; v < n; v++) {
            if (v == root) {
                continue;
            }
            int best = -1;
            for (int u = 0; u < n; u++) {
                if (u != v && w[u][v] > Double.NEGATIVE_INFINITY
                        && (best < 0 || w[u][v] > w[best][v])) {
                    best = u;
                }
            }
            if (best < 0) {
                throw new IllegalArgumentException("node " + v + " has no incoming edge");
            }
            parent[v] = best;
        }

        // Without a cycle the greedy choice is optimal.
        int[] cycle = findCycle(parent, root);
        if (cycle == null) {
            return parent;
        }

        // Contract the cycle into one node c; remember which original edge each new edge stands for.
        boolean[] inCycle = new boolean[n];
        for (int v : cycle) {
            inCycle[v] = true;
        }
        int[] newIndex = new int[n];
        int m = 0;
        for (int v = 0; v < n; v++) {
            newIndex[v] = inCycle[v] ? -1 : m++;
        }
        int c = m;
        int size = m + 1;
        double[][] cw = new double[size][size];
        int[][] fromOriginal = new int[size][size];
        int[][] toOriginal = new int[size][size];
        for (double[] row : cw) {
            Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                if (u == v || w[u][v] == Double.NEGATIVE_INFINITY || (inCycle[u] && inCycle[v])) {
                    continue;
                }
                int nu = inCycle[u] ? c : newIndex[u];
                int nv = inCycle[v] ? c : newIndex[v];
                double value = inCycle[v] ? w[u][v] - w[parent[v]][v] : w[u][v];
                if (value > cw[nu][nv]) {
                    cw[nu][nv] = value;
                    fromOriginal[nu][nv] = u;
                    toOriginal[nu][nv] = v;
                }
            }
        }

        // Solve the contracted graph, then expand: the edge into c breaks the cycle at its target.
        int[] contracted = arborescence(cw, newIndex[root]);
        int[] result = parent.clone();
        for (int nv = 0; nv < size; nv++) {
            int np = contracted[nv];
            if (np < 0) {
                continue;
            }
            int u = fromOriginal[np][nv];
            int v = toOriginal[np][nv];
            result[v] = u;
        }
        return result;
    }

    /** The nodes of one cycle among the parent pointers, or null when there is none. */
    private static int[] findCycle(int[] parent, int root) {
        int n = parent.length;
        int[] state = new int[n];
        for (int start = 0; start < n; start++) {
            if (state[start] != 0) {
                continue;
            }
            int v = start;
            while (v != root && v >= 0 && state[v] == 0) {
                state[v] = start + 1;
                v = parent[v];
            }
            if (v >= 0 && v != root && state[v] == start + 1) {
                int count = 1;
                for (int x = parent[v]; x != v; x = parent[x]) {
                    count++;
                }
                int[] cycle = new int[count];
                cycle[0] = v;
                int i = 1;
                for (int x = parent[v]; x != v; x = parent[x]) {
                    cycle[i++] = x;
                }
                return cycle;
            }
        }
        return null;
    }
}
