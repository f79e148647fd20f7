package org.explaint.text.norms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A table of human feature norms: one row per concept, one column per feature.
 *
 * <p>Values are whatever the source measured: production frequencies (McRae), counts of
 * participants listing a feature (Buchanan), mean ratings (Binder, Brysbaert) or 0/1 membership
 * (the WordNet set). A feature a concept was never given is 0. The table is dense; McRae's 541 x
 * 2526 table is about 11 MB of doubles, which keeps every operation a plain array loop.
 *
 * <p>Concept names keep their source spelling, including sense markers such as
 * {@code bat_(baseball)}. {@link #surfaceWord(int)} applies the stated policy for turning a
 * concept into the words a model sees: the part before {@code _(} is kept, and remaining
 * underscores become spaces (so {@code fire_hydrant} is the two-word phrase "fire hydrant").
 * Two senses of one word keep separate rows that share a surface word; an embedding cannot tell
 * them apart, which {@link #duplicateSurfaceWords()} reports.
 */
public final class FeatureNorms {
    private final String source;
    private final List<String> concepts;
    private final List<String> features;
    private final double[][] values; // [concept, feature]

    /**
     * Creates a table, copying nothing: callers hand over the arrays.
     *
     * @param source   where the table came from (a file name or a generator), for reports
     * @param concepts row names
     * @param features column names
     * @param values   {@code [concept, feature]}
     */
    public FeatureNorms(String source, List<String> concepts, List<String> features,
                        double[][] values) {
        if (values.length != concepts.size()) {
            throw new IllegalArgumentException("norms " + source + ": " + values.length
                    + " value rows for " + concepts.size() + " concepts");
        }
        for (double[] row : values) {
            if (row.length != features.size()) {
                throw new IllegalArgumentException("norms " + source + ": a row has " + row.length
                        + " values for " + features.size() + " features");
            }
        }
        this.source = source;
        this.concepts = List.copyOf(concepts);
        this.features = List.copyOf(features);
        this.values = values;
    }

    /** Where the table came from. */
    public String source() {
        return source;
    }

    /** The concept names, in row order. */
    public List<String> concepts() {
        return concepts;
    }

    /** The feature names, in column order. */
    public List<String> features() {
        return features;
    }

    /** Number of concepts (rows). */
    public int conceptCount() {
        return concepts.size();
    }

    /** Number of features (columns). */
    public int featureCount() {
        return features.size();
    }

    /** One value. */
    public double value(int concept, int feature) {
        return values[concept][feature];
    }

    /** A copy of the values, {@code [concept, feature]}. */
    public double[][] toArray() {
        double[][] out = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].clone();
        }
        return out;
    }

    /** Fraction of cells that are non-zero. */
    public double density() {
        long nonZero = 0;
        for (double[] row : values) {
            for (double v : row) {
                nonZero += v != 0 ? 1 : 0;
            }
        }
        return values.length == 0 ? 0 : nonZero / (double) (values.length * (long) features.size());
    }

    /** The words a model should embed for a concept (see the class comment for the policy). */
    public String surfaceWord(int concept) {
        return surfaceWordOf(concepts.get(concept));
    }

    /** The surface-word policy applied to one concept name. */
    public static String surfaceWordOf(String concept) {
        String word = concept;
        int sense = word.indexOf("_(");
        if (sense >= 0) {
            word = word.substring(0, sense);
        }
        return word.replace('_', ' ').trim().toLowerCase(Locale.ROOT);
    }

    /** Concept names whose surface word is shared with another concept (e.g. two senses). */
    public List<String> duplicateSurfaceWords() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < concepts.size(); i++) {
            for (int j = 0; j < concepts.size(); j++) {
                if (i != j && surfaceWord(i).equals(surfaceWord(j))) {
                    out.add(concepts.get(i));
                    break;
                }
            }
        }
        return out;
    }

    /** The table restricted to the given rows, in the given order. */
    public FeatureNorms selectConcepts(int[] rows) {
        List<String> names = new ArrayList<>(rows.length);
        double[][] v = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            names.add(concepts.get(rows[i]));
            v[i] = values[rows[i]].clone();
        }
        return new FeatureNorms(source, names, features, v);
    }

    /** The same concepts and features with other values (how controls replace the norms). */
    public FeatureNorms withValues(String newSource, double[][] newValues) {
        return new FeatureNorms(newSource, concepts, features, newValues);
    }

    @Override
    public String toString() {
        return "FeatureNorms[" + source + ", " + conceptCount() + " concepts x " + featureCount()
                + " features, density " + String.format(Locale.ROOT, "%.4f", density()) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureNorms n && n.concepts.equals(concepts)
                && n.features.equals(features) && Arrays.deepEquals(n.values, values);
    }

    @Override
    public int hashCode() {
        return concepts.hashCode() * 31 + features.hashCode();
    }
}
