package org.explaint.analysis.tokens;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.explaint.runtime.ExplaintException;

/**
 * The running state of a token-correspondence run: integer hit counts per reference, map and
 * layer, and one {@link SentenceObservation} per sentence (for the intervals and the rollout and
 * flow sums).
 *
 * <p>Mergeable: {@link #merge} adds the counts and joins the sentence lists; sentences are kept
 * sorted by id and every floating-point total is summed in that order when a summary is made,
 * so any split of the corpus over workers, merged in any order, gives identical numbers.
 */
public final class CorrespondenceAccumulator {
    private final int layers;
    private final long[][][] hits;       // [reference][map][layer]
    private final long[] scoredPositions; // [map]: all positions for identity, held-out for maps
    private final List<SentenceObservation> sentences = new ArrayList<>();

    /** An empty accumulator for this many state layers. */
    public CorrespondenceAccumulator(int layers) {
        this.layers = layers;
        this.hits = new long[Reference.values().length][MapKind.values().length][layers];
        this.scoredPositions = new long[MapKind.values().length];
    }

    /** Number of state layers. */
    public int layers() {
        return layers;
    }

    /** Adds one sentence's observation. */
    public void add(SentenceObservation o) {
        for (Reference ref : Reference.values()) {
            for (MapKind map : MapKind.values()) {
                for (int k = 0; k < layers; k++) {
                    hits[ref.ordinal()][map.ordinal()][k] += o.hits()[ref.ordinal()][map.ordinal()][k];
                }
            }
        }
        for (MapKind map : MapKind.values()) {
            if (map == MapKind.IDENTITY || o.heldOut()) {
                scoredPositions[map.ordinal()] += o.positions();
            }
        }
        insertSorted(o);
    }

    /** Adds everything {@code other} holds to this accumulator; {@code other} is unchanged. */
    public void merge(CorrespondenceAccumulator other) {
        if (other.layers != layers) {
            throw new IllegalArgumentException("cannot merge accumulators of " + other.layers + " and "
                    + layers + " layers");
        }
        for (SentenceObservation o : other.sentences) {
            add(o);
        }
    }

    /** Total identified positions for a reference, map and layer. */
    public long hits(Reference reference, MapKind map, int layer) {
        return hits[reference.ordinal()][map.ordinal()][layer];
    }

    /** Positions scored for a map: every position for identity, held-out positions otherwise. */
    public long scoredPositions(MapKind map) {
        return scoredPositions[map.ordinal()];
    }

    /** The sentence observations, sorted by sentence id. */
    public List<SentenceObservation> sentences() {
        return List.copyOf(sentences);
    }

    /** Identifiability rate of a reference, map and layer with its bootstrap interval. */
    public Estimate identifiability(Reference reference, MapKind map, int layer, SentenceBootstrap boot) {
        List<SentenceObservation> used = sentences.stream()
                .filter(o -> map == MapKind.IDENTITY || o.heldOut()).toList();
        double[] num = new double[used.size()];
        double[] den = new double[used.size()];
        for (int s = 0; s < used.size(); s++) {
            num[s] = used.get(s).hits()[reference.ordinal()][map.ordinal()][layer];
            den[s] = used.get(s).positions();
        }
        return boot.ratio(num, den);
    }

    /** Mean rollout self-share at a layer, over all positions of all sentences. */
    public Estimate rolloutSelfShare(int layer, SentenceBootstrap boot) {
        double[] num = new double[sentences.size()];
        double[] den = new double[sentences.size()];
        for (int s = 0; s < sentences.size(); s++) {
            num[s] = sentences.get(s).rolloutSelfSum()[layer];
            den[s] = sentences.get(s).positions();
        }
        return boot.ratio(num, den);
    }

    /** Mean flow self-share at a layer, over the sentences short enough for flow. */
    public Estimate flowSelfShare(int layer, SentenceBootstrap boot) {
        List<SentenceObservation> used = sentences.stream().filter(o -> o.flowSelfSum() != null).toList();
        double[] num = new double[used.size()];
        double[] den = new double[used.size()];
        for (int s = 0; s < used.size(); s++) {
            num[s] = used.get(s).flowSelfSum()[layer];
            den[s] = used.get(s).positions();
        }
        return boot.ratio(num, den);
    }

    /**
     * The accumulator as JSON text: its layer count and sentence observations (the hit counts
     * follow from those). The form in which a Spark task returns its part to the driver, a task's
     * result rather than a side effect, so a retried task cannot count its sentences twice.
     * Doubles are written in their shortest form that reads back to the same double.
     */
    public String toJson() {
        try {
            return new ObjectMapper().writeValueAsString(new Stored(layers, sentences));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a token-correspondence accumulator: "
                    + e.getMessage(), e);
        }
    }

    /** Reads an accumulator written by {@link #toJson}. */
    public static CorrespondenceAccumulator fromJson(String json) {
        Stored stored;
        try {
            stored = new ObjectMapper().readValue(json, Stored.class);
        } catch (IOException e) {
            throw new ExplaintException("cannot read a token-correspondence accumulator from JSON ("
                    + e.getMessage() + "); it was not written by CorrespondenceAccumulator.toJson or is damaged", e);
        }
        CorrespondenceAccumulator acc = new CorrespondenceAccumulator(stored.layers());
        stored.sentences().forEach(acc::add);
        return acc;
    }

    /** What {@link #toJson} writes. */
    record Stored(int layers, List<SentenceObservation> sentences) {
    }

    private void insertSorted(SentenceObservation o) {
        int at = java.util.Collections.binarySearch(sentences, o,
                Comparator.comparingInt(SentenceObservation::sentenceId));
        if (at >= 0) {
            throw new IllegalArgumentException("sentence " + o.sentenceId() + " was added twice");
        }
        sentences.add(-at - 1, o);
    }
}
