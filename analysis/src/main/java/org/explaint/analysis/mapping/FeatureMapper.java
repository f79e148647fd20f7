package org.explaint.analysis.mapping;

/**
 * A method that learns to predict feature-norm vectors from embeddings.
 *
 * <p>Implementations must be deterministic for given inputs (any randomness comes from a seed
 * fixed at construction), must not keep references to the training arrays, and must leave them
 * unchanged.
 */
public interface FeatureMapper {

    /**
     * Fits the mapping.
     *
     * @param x embeddings {@code [concept, dimension]}
     * @param y norm values {@code [concept, feature]}
     * @return the fitted predictor
     */
    Predictor fit(double[][] x, double[][] y);

    /** A short name for reports, with the settings that matter (e.g. {@code plsr(k=50)}). */
    String describe();

    /** A fitted mapping. */
    @FunctionalInterface
    interface Predictor {
        /** Predicts {@code [concept, feature]} from {@code [concept, dimension]}. */
        double[][] predict(double[][] x);
    }
}
