package org.explaint.analysis.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AttentionFlowTest {

    @Test
    void maxFlowOfTheTextbookNetworkIs23() {
        // Cormen et al.'s six-node example: s=0, v1..v4 = 1..4, t=5; its maximum flow is 23.
        MaxFlow g = new MaxFlow(6);
        g.addEdge(0, 1, 16);
        g.addEdge(0, 2, 13);
        g.addEdge(1, 3, 12);
        g.addEdge(2, 1, 4);
        g.addEdge(2, 4, 14);
        g.addEdge(3, 2, 9);
        g.addEdge(3, 5, 20);
        g.addEdge(4, 3, 7);
        g.addEdge(4, 5, 4);
        assertEquals(23.0, g.maxFlow(0, 5), 1e-12);
        assertEquals(23.0, g.maxFlow(0, 5), 1e-12, "a second query starts from zero flow");
        assertEquals(0.0, g.maxFlow(5, 0), 1e-12);
    }

    @Test
    void flowThroughTwoHandMadeLayersEqualsTheHandComputedCut() {
        // Two positions, attention A = [[0, 1], [1, 0]] in both blocks: (A+I)/2 = 0.5 everywhere.
        double[][] swap = {{0, 1}, {1, 0}};
        double[][][] shares = AttentionFlow.shares(new double[][][] {swap, swap});

        // After one block: flow from each token into each node is 0.5; shares 0.5.
        assertEquals(0.5, shares[1][0][0], 1e-12);
        assertEquals(0.5, shares[1][0][1], 1e-12);

        // After two blocks, flow j -> (2, i) is min(1, 0.5 + 0.5) limited by the sink's inflow 1:
        // both tokens reach it with flow 1, so shares are again 0.5.
        assertEquals(0.5, shares[2][1][1], 1e-12);
    }

    @Test
    void flowIntoOneNodeIsLimitedByItsBottleneckEdges() {
        // Three positions, one block; each node's inflow from token j is its edge weight alone.
        double[][] a = {{0.2, 0.8, 0}, {0, 1, 0}, {0.5, 0.25, 0.25}};
        double[][][] shares = AttentionFlow.shares(new double[][][] {a});
        double[][] mixed = AttentionRollout.withResidual(a);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(mixed[i][j], shares[1][i][j], 1e-12, "[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void rolloutOfIdentityAttentionIsTheIdentityAndRowsSumToOne() {
        double[][] id = AttentionRollout.identity(4);
        double[][][] r = AttentionRollout.rollouts(new double[][][] {id, id, id});
        assertEquals(1.0, r[3][2][2], 0.0);
        assertEquals(0.0, r[3][2][1], 0.0);
        double[][] u = {{0.5, 0.5}, {0.5, 0.5}};
        double[][][] ru = AttentionRollout.rollouts(new double[][][] {u, u});
        // (A+I)/2 = [[.75,.25],[.25,.75]]; squared: [[.625,.375],[.375,.625]].
        assertEquals(0.625, ru[2][0][0], 1e-12);
        assertEquals(1.0, ru[2][1][0] + ru[2][1][1], 1e-12);
    }
}
