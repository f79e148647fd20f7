package org.explaint.text.norms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects (concept, feature, value) triples into a {@link FeatureNorms} table.
 *
 * <p>Concepts and features keep the order in which they were first seen. A repeated
 * (concept, feature) pair is added to the earlier value, which is how per-participant or
 * per-lemma counts are meant to combine.
 */
public final class LongNormTable {
    private final Map<String, Integer> concepts = new LinkedHashMap<>();
    private final Map<String, Integer> features = new LinkedHashMap<>();
    private final List<Map<Integer, Double>> rows = new ArrayList<>();

    /** Adds a value to one cell. */
    public void add(String concept, String feature, double value) {
        int c = concepts.computeIfAbsent(concept, k -> {
            rows.add(new LinkedHashMap<>());
            return concepts.size();
        });
        int f = features.computeIfAbsent(feature, k -> features.size());
        rows.get(c).merge(f, value, Double::sum);
    }

    /** Number of distinct concepts seen so far. */
    public int conceptCount() {
        return concepts.size();
    }

    /** Builds the dense table. */
    public FeatureNorms build(String source) {
        double[][] values = new double[concepts.size()][features.size()];
        for (int c = 0; c < rows.size(); c++) {
            for (Map.Entry<Integer, Double> e : rows.get(c).entrySet()) {
                values[c][e.getKey()] = e.getValue();
            }
        }
        return new FeatureNorms(source, new ArrayList<>(concepts.keySet()),
                new ArrayList<>(features.keySet()), values);
    }
}
