package org.explaint.analysis.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.explaint.text.norms.FeatureNorms;

/**
 * Norm rows paired with the embeddings of their concepts, and the concepts that could not be
 * paired.
 *
 * <p>Policy: a concept's surface word comes from {@link FeatureNorms#surfaceWord(int)} (sense
 * markers removed, underscores to spaces). A one-word concept takes the word's vector; a
 * multi-word concept takes the mean of its words' vectors and is missing if any word is. A word
 * is looked up as written, then lower-cased. Concepts that share a surface word keep separate
 * rows with the same vector and are listed in {@code sharedWords}. Missing concepts are listed,
 * never silently dropped.
 *
 * @param x           embeddings {@code [concept, dimension]}
 * @param y           norm values {@code [concept, feature]}
 * @param concepts    the concept names of the rows
 * @param missing     concepts without an embedding
 * @param sharedWords concepts whose surface word another used concept shares
 */
public record ConceptAlignment(double[][] x, double[][] y, List<String> concepts,
                               List<String> missing, List<String> sharedWords) {

    /** Pairs every concept of the norms with its embedding from {@code lookup}. */
    public static ConceptAlignment of(FeatureNorms norms, Function<String, double[]> lookup) {
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        List<String> used = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        double[][] values = norms.toArray();
        for (int c = 0; c < norms.conceptCount(); c++) {
            double[] v = embed(norms.surfaceWord(c), lookup);
            if (v == null) {
                missing.add(norms.concepts().get(c));
            } else {
                xs.add(v);
                ys.add(values[c]);
                used.add(norms.concepts().get(c));
            }
        }
        List<String> shared = new ArrayList<>(norms.duplicateSurfaceWords());
        shared.retainAll(used);
        return new ConceptAlignment(xs.toArray(new double[0][]), ys.toArray(new double[0][]),
                used, missing, shared);
    }

    /** The words a concept needs looked up (its surface word split on spaces). */
    public static List<String> wordsOf(FeatureNorms norms) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < norms.conceptCount(); c++) {
            for (String w : norms.surfaceWord(c).split(" ")) {
                if (!w.isEmpty() && !out.contains(w)) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private static double[] embed(String surface, Function<String, double[]> lookup) {
        String[] words = surface.split(" ");
        double[] sum = null;
        for (String w : words) {
            double[] v = lookup.apply(w);
            if (v == null) {
                v = lookup.apply(w.toLowerCase(Locale.ROOT));
            }
            if (v == null) {
                return null;
            }
            if (sum == null) {
                sum = new double[v.length];
            }
            for (int j = 0; j < v.length; j++) {
                sum[j] += v[j] / words.length;
            }
        }
        return sum;
    }
}
