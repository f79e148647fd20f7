package org.explaint.analysis.heads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.explaint.analysis.heads.HeadProbeResult.HeadScore;
import org.explaint.analysis.heads.HeadProbeResult.OffsetBaseline;
import org.explaint.analysis.heads.HeadProbeResult.RelationResult;

/**
 * Turns a {@link HeadProbeTally} (and optionally the tally of a random-model control) into the
 * published scores: per relation the best head, the fixed-offset baseline, bootstrap intervals
 * and the full score grids; the tree-decoding scores; the special-token mass.
 *
 * <p>Ties: the best head is the first maximum in the order layer, head, direction (dep->head
 * before head->dep); the best offset is the lowest k among equal hit counts.
 */
public final class HeadProbeSummary {
    /** Least arcs for a relation to be listed. */
    public static final int MIN_COUNT = 100;
    /** What the pseudo-relation "all" pools. */
    public static final String ALL_INCLUDES = "every arc of the scored sentences except those "
            + "labelled punct and the root; relations under min_count are included";
    /** How argmax ties are broken. */
    public static final String TIE_RULE = "ties in a word's most-attended other word go to the "
            + "lowest word index; among equally good heads the first in (layer, head, direction) "
            + "order wins; among equally good offsets the lowest k";
    /** The procedure, stated once for the output. */
    public static final String METHOD = "Clark et al. (2019): word-level attention (to a word: sum "
            + "over its pieces; from a word: mean over its pieces; special tokens dropped); a hit "
            + "when the attending word's most-attended other word (itself excluded) is its partner "
            + "in the arc. Relations are universal (subtypes stripped).";
    /** The decoder note. */
    public static final String CAUSAL_NOTE = "causal model: only leftward attention exists, so "
            + "dep->head scores only arcs whose head precedes the dependent and head->dep only arcs "
            + "whose dependent precedes the head";
    /** How trees are decoded. */
    public static final String TREE_METHOD = "Chu-Liu/Edmonds maximum spanning tree of the "
            + "symmetrised word attention (A + A^T) with an artificial root allowed one edge; "
            + "undirected unlabeled attachment against the gold tree, punctuation included, "
            + "summed over the corpus (edges recovered / words minus one)";

    private HeadProbeSummary() {
    }

    /**
     * Summarises a run.
     *
     * @param run         describes the run (model, treebank, seed, ...)
     * @param tally       the tally of the model
     * @param random      the tally of the random-model control, or null
     * @param randomModel how the control was made, or null
     * @param resamples   bootstrap resamples
     */
    public static HeadProbeResult summarise(RunDescription run, HeadProbeTally tally,
                                            HeadProbeTally random, String randomModel,
                                            int resamples) {
        int layers = tally.layers();
        int heads = tally.heads();
        List<SentenceTally> sentences = tally.sentences();
        SentenceBootstrap bootstrap = new SentenceBootstrap(sentences.size(), resamples, run.seed());

        // Choose the relations: "all" first, then frequent ones by descending count.
        Map<String, Integer> counts = new TreeMap<>();
        for (SentenceTally s : sentences) {
            s.relations().forEach((r, t) -> counts.merge(r, arcs(t, run.causal()), Integer::sum));
        }
        List<String> names = new ArrayList<>(counts.keySet());
        names.removeIf(r -> r.equals(SentenceScorer.ALL) || r.equals("punct") || r.equals("root")
                || counts.get(r) < MIN_COUNT);
        names.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a)));
        if (counts.containsKey(SentenceScorer.ALL)) {
            names.addFirst(SentenceScorer.ALL);
        }

        Map<String, RelationResult> relations = new LinkedHashMap<>();
        for (String r : names) {
            Double randomScore = random == null ? null : bestHead(random, r).score();
            relations.put(r, relation(r, sentences, layers, heads, counts.get(r), randomScore,
                    bootstrap));
        }
        int skipped = tally.skippedCount() + run.treebankSkipped();
        Map<String, Integer> reasons = new TreeMap<>(tally.skipped());
        if (run.treebankSkipped() > 0) {
            reasons.put("malformed in the treebank", run.treebankSkipped());
        }
        return new HeadProbeResult(run.model(), run.treebank(), run.family(), run.causal(), layers,
                heads, sentences.size(), skipped, reasons, run.seed(), resamples, MIN_COUNT,
                ALL_INCLUDES, TIE_RULE, METHOD, run.causal() ? CAUSAL_NOTE : null,
                specialMass(sentences, layers, heads), trees(sentences, layers, heads), randomModel,
                relations);
    }

    /** The best head of one relation in a tally, without an interval. */
    static HeadScore bestHead(HeadProbeTally tally, String relation) {
        Totals t = totals(tally.sentences(), relation, tally.layers() * tally.heads());
        return best(t, tally.heads(), null);
    }

    private static RelationResult relation(String r, List<SentenceTally> sentences, int layers,
                                           int heads, int count, Double randomScore,
                                           SentenceBootstrap bootstrap) {
        Totals t = totals(sentences, r, layers * heads);

        // The best head and its interval over resampled sentences.
        HeadScore point = best(t, heads, null);
        Direction dir = point.direction().equals(Direction.DEP_TO_HEAD.label())
                ? Direction.DEP_TO_HEAD : Direction.HEAD_TO_DEP;
        int lh = point.layer() * heads + point.head();
        int n = sentences.size();
        int[] hits = new int[n];
        int[] totals = new int[n];
        for (int i = 0; i < n; i++) {
            RelationTally rt = sentences.get(i).relations().get(r);
            if (rt != null) {
                hits[i] = rt.hits(dir, lh);
                totals[i] = rt.count(dir);
            }
        }
        HeadScore best = new HeadScore(point.layer(), point.head(), point.direction(),
                point.score(), bootstrap.interval(hits, totals));

        // The best fixed offset in the same direction and its interval.
        int k = bestOffset(sentences, r, dir);
        int baseHits = 0;
        for (int i = 0; i < n; i++) {
            RelationTally rt = sentences.get(i).relations().get(r);
            hits[i] = rt == null ? 0 : rt.offsetHits(dir, k);
            baseHits += hits[i];
        }
        int scored = t.count[dir.ordinal()];
        OffsetBaseline baseline = new OffsetBaseline(dir.label(), k,
                scored == 0 ? 0 : (double) baseHits / scored, bootstrap.interval(hits, totals));

        Map<String, Integer> scoredMap = new LinkedHashMap<>();
        Map<String, Double[][]> grids = new LinkedHashMap<>();
        for (Direction d : Direction.values()) {
            scoredMap.put(d.label(), t.count[d.ordinal()]);
            grids.put(d.label(), grid(t, d, layers, heads));
        }
        return new RelationResult(count, scoredMap, best, baseline, randomScore, grids);
    }

    private static HeadScore best(Totals t, int heads, double[] ci) {
        HeadScore best = null;
        for (int lh = 0; lh < t.hits[0].length; lh++) {
            for (Direction d : Direction.values()) {
                int c = t.count[d.ordinal()];
                if (c == 0) {
                    continue;
                }
                double score = (double) t.hits[d.ordinal()][lh] / c;
                if (best == null || score > best.score()) {
                    best = new HeadScore(lh / heads, lh % heads, d.label(), score, ci);
                }
            }
        }
        return best != null ? best : new HeadScore(0, 0, Direction.DEP_TO_HEAD.label(), 0, ci);
    }

    private static int bestOffset(List<SentenceTally> sentences, String r, Direction d) {
        Map<Integer, Integer> histogram = new TreeMap<>();
        for (SentenceTally s : sentences) {
            RelationTally rt = s.relations().get(r);
            if (rt != null) {
                for (int offset : rt.offsets()[d.ordinal()]) {
                    histogram.merge(offset, 1, Integer::sum);
                }
            }
        }
        int bestK = 0;
        int bestN = -1;
        for (Map.Entry<Integer, Integer> e : histogram.entrySet()) {
            if (e.getValue() > bestN) {
                bestK = e.getKey();
                bestN = e.getValue();
            }
        }
        return bestK;
    }

    private static Double[][] grid(Totals t, Direction d, int layers, int heads) {
        Double[][] g = new Double[layers][heads];
        int c = t.count[d.ordinal()];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                g[l][h] = c == 0 ? null : (double) t.hits[d.ordinal()][l * heads + h] / c;
            }
        }
        return g;
    }

    private static int arcs(RelationTally t, boolean causal) {
        // Encoders score every arc in both directions; decoders each arc in exactly one.
        return causal ? t.count(Direction.DEP_TO_HEAD) + t.count(Direction.HEAD_TO_DEP)
                : t.count(Direction.DEP_TO_HEAD);
    }

    private static Totals totals(List<SentenceTally> sentences, String r, int layerHeads) {
        Totals t = new Totals(new int[2], new long[2][layerHeads]);
        for (SentenceTally s : sentences) {
            RelationTally rt = s.relations().get(r);
            if (rt == null) {
                continue;
            }
            for (int d = 0; d < 2; d++) {
                t.count[d] += rt.count()[d];
                for (int lh = 0; lh < layerHeads; lh++) {
                    t.hits[d][lh] += rt.hits()[d][lh];
                }
            }
        }
        return t;
    }

    private static HeadProbeResult.SpecialTokenMass specialMass(List<SentenceTally> sentences,
                                                                 int layers, int heads) {
        long[] sum = new long[layers * heads];
        for (SentenceTally s : sentences) {
            for (int lh = 0; lh < sum.length; lh++) {
                sum[lh] += s.specialMass()[lh];
            }
        }
        double[][] perHead = new double[layers][heads];
        double[] perLayer = new double[layers];
        int n = Math.max(1, sentences.size());
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                perHead[l][h] = sum[l * heads + h] * SentenceTally.MASS_UNIT / n;
                perLayer[l] += perHead[l][h] / heads;
            }
        }
        return new HeadProbeResult.SpecialTokenMass(perLayer, perHead);
    }

    private static HeadProbeResult.TreeScores trees(List<SentenceTally> sentences, int layers,
                                                    int heads) {
        long edges = 0;
        long[] correct = new long[layers * heads];
        for (SentenceTally s : sentences) {
            edges += s.treeEdges();
            for (int lh = 0; lh < correct.length; lh++) {
                correct[lh] += s.treeCorrect()[lh];
            }
        }
        double[][] scores = new double[layers][heads];
        HeadScore best = null;
        for (int lh = 0; lh < correct.length; lh++) {
            double score = edges == 0 ? 0 : (double) correct[lh] / edges;
            scores[lh / heads][lh % heads] = score;
            if (best == null || score > best.score()) {
                best = new HeadScore(lh / heads, lh % heads, null, score, null);
            }
        }
        return new HeadProbeResult.TreeScores(best, scores, TREE_METHOD);
    }

    /** Summed counts of one relation: {@code count[direction]}, {@code hits[direction][lh]}. */
    private record Totals(int[] count, long[][] hits) {
    }

    /**
     * What a run was: the facts the summary copies into the result.
     *
     * @param model           the model reference
     * @param treebank        the treebank path
     * @param family          the model family
     * @param causal          whether the model is a decoder
     * @param seed            the seed
     * @param treebankSkipped malformed sentences the lenient reader skipped
     */
    public record RunDescription(String model, String treebank, String family, boolean causal,
                                 long seed, int treebankSkipped) {
    }
}
