package org.explaint.analysis.tokens;

/**
 * Attention flow after Abnar and Zuidema (2020, "Quantifying Attention Flow in Transformers"):
 * the maximum flow from input token {@code j} to position {@code i} after {@code l} blocks, in
 * the layered graph whose nodes are positions per layer and whose edge {@code (l, j) -> (l+1, i)}
 * has capacity {@code (A_l + I) / 2} at {@code [i, j]} (rows renormalised, heads averaged).
 *
 * <p>Costly: one max-flow per (layer, position, input token), so callers offer it only for short
 * sentences. As in the paper, the flows into one node are normalised to shares by their sum.
 */
public final class AttentionFlow {
    private AttentionFlow() {
    }

    /**
     * The flow shares at every state layer up to the last block.
     *
     * @param attention {@code [block, query, key]} head-averaged patterns
     * @return {@code [blocks + 1][position, inputToken]}: entry {@code l} holds, per position,
     *         the max-flow from each input token normalised to sum 1; entry 0 is the identity
     */
    public static double[][][] shares(double[][][] attention) {
        int blocks = attention.length;
        int n = blocks == 0 ? 0 : attention[0].length;
        double[][][] out = new double[blocks + 1][][];
        out[0] = AttentionRollout.identity(n);
        if (blocks == 0) {
            return out;
        }

        // Residual-mixed attention of every block.
        double[][][] mixed = new double[blocks][][];
        for (int l = 0; l < blocks; l++) {
            mixed[l] = AttentionRollout.withResidual(attention[l]);
        }

        // Per sink layer, a graph of the layers up to it: node (layer, position) = layer * n + position.
        for (int top = 1; top <= blocks; top++) {
            MaxFlow graph = new MaxFlow((top + 1) * n);
            for (int l = 0; l < top; l++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (mixed[l][i][j] > 0) {
                            graph.addEdge(l * n + j, (l + 1) * n + i, mixed[l][i][j]);
                        }
                    }
                }
            }
            out[top] = new double[n][n];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    out[top][i][j] = graph.maxFlow(j, top * n + i);
                    sum += out[top][i][j];
                }
                for (int j = 0; j < n && sum > 0; j++) {
                    out[top][i][j] /= sum;
                }
            }
        }
        return out;
    }
}
