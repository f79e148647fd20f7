package org.explaint.analysis.tokens;

import java.util.Arrays;

/**
 * Maximum flow on a small directed graph with real capacities (Dinic's algorithm).
 *
 * <p>Capacities below {@link #EPSILON} count as saturated, so floating-point residues do not
 * keep the search alive. Each {@link #maxFlow} call starts from zero flow, so one graph can be
 * queried for many source-sink pairs.
 */
public final class MaxFlow {
    /** Residual capacity treated as zero. */
    public static final double EPSILON = 1e-12;

    private final int nodes;
    private int[] head;
    private int[] next = new int[16];
    private int[] to = new int[16];
    private double[] capacity = new double[16];
    private double[] residual = new double[16];
    private int edges;
    private int[] level;
    private int[] cursor;
    private final int[] queue;

    /** An empty graph of {@code nodes} nodes. */
    public MaxFlow(int nodes) {
        this.nodes = nodes;
        this.head = new int[nodes];
        Arrays.fill(head, -1);
        this.level = new int[nodes];
        this.cursor = new int[nodes];
        this.queue = new int[nodes];
    }

    /** Adds an edge {@code from -> to} with the given capacity (and its zero reverse edge). */
    public void addEdge(int from, int toNode, double cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("negative capacity " + cap + " on edge " + from + "->" + toNode);
        }
        ensureRoom(edges + 2);
        link(from, toNode, cap);
        link(toNode, from, 0);
    }

    /** The value of a maximum flow from {@code source} to {@code sink}. */
    public double maxFlow(int source, int sink) {
        System.arraycopy(capacity, 0, residual, 0, edges);
        double total = 0;
        while (buildLevels(source, sink)) {
            System.arraycopy(head, 0, cursor, 0, nodes);
            total += push(source, sink, Double.POSITIVE_INFINITY);
        }
        return total;
    }

    private boolean buildLevels(int source, int sink) {
        Arrays.fill(level, -1);
        int[] queue = this.queue;
        int read = 0;
        int write = 0;
        level[source] = 0;
        queue[write++] = source;
        while (read < write) {
            int u = queue[read++];
            if (u == sink) {
                break;
            }
            for (int e = head[u]; e >= 0; e = next[e]) {
                if (residual[e] > EPSILON && level[to[e]] < 0) {
                    level[to[e]] = level[u] + 1;
                    queue[write++] = to[e];
                }
            }
        }
        return level[sink] >= 0;
    }

    /** Pushes up to {@code limit} from {@code u} along level-increasing edges; returns what was sent. */
    private double push(int u, int sink, double limit) {
        if (u == sink) {
            return limit;
        }
        double sent = 0;
        for (; cursor[u] >= 0; cursor[u] = next[cursor[u]]) {
            int e = cursor[u];
            int v = to[e];
            if (residual[e] > EPSILON && level[v] == level[u] + 1) {
                double got = push(v, sink, Math.min(limit - sent, residual[e]));
                if (got > 0) {
                    residual[e] -= got;
                    residual[e ^ 1] += got;
                    sent += got;
                    if (limit - sent <= EPSILON) {
                        return sent;
                    }
                }
            }
        }
        return sent;
    }

    private void link(int from, int toNode, double cap) {
        to[edges] = toNode;
        capacity[edges] = cap;
        next[edges] = head[from];
        head[from] = edges;
        edges++;
    }

    private void ensureRoom(int size) {
        if (size > to.length) {
            int grown = Math.max(size, to.length * 2);
            next = Arrays.copyOf(next, grown);
            to = Arrays.copyOf(to, grown);
            capacity = Arrays.copyOf(capacity, grown);
            residual = Arrays.copyOf(residual, grown);
        }
    }
}
