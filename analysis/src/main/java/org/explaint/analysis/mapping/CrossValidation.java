package org.explaint.analysis.mapping;

import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * K-fold cross-validation over concepts: every concept is predicted by a mapping fitted without
 * it, so no concept is ever in both the training and the test part of one fit.
 *
 * <p>Fold assignment: concepts are shuffled with a seeded Fisher-Yates shuffle and dealt round
 * robin, so fold sizes differ by at most one and a seed always gives the same folds. Two
 * concepts with the same surface word (e.g. McRae's two senses of "bat") may land in different
 * folds; the embedding then sees its own vector in training, which the coverage report names.
 */
public final class CrossValidation {
    private static final Logger LOG = Logger.getLogger(CrossValidation.class.getName());

    private CrossValidation() {
    }

    /**
     * The out-of-fold predictions of one mapper.
     *
     * @param predictions {@code [concept, feature]}, each row from the fit that left it out
     * @param fold        the fold of each concept
     */
    public record Result(double[][] predictions, int[] fold, int folds) {
    }

    /** Runs k-fold cross-validation with the folds given by {@code seed}. */
    public static Result run(FeatureMapper mapper, double[][] x, double[][] y, int folds, long seed) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " embeddings for " + y.length + " norm rows");
        }
        if (folds < 2 || folds > x.length) {
            throw new IllegalArgumentException("folds must be in [2, " + x.length + "], got " + folds);
        }
        int[] fold = assignFolds(x.length, folds, new SplittableRandom(seed));
        double[][] predictions = new double[x.length][];
        for (int k = 0; k < folds; k++) {
            int[] train = indices(fold, k, false);
            int[] test = indices(fold, k, true);
            FeatureMapper.Predictor predictor =
                    mapper.fit(RidgeRegression.select(x, train), RidgeRegression.select(y, train));
            double[][] pred = predictor.predict(RidgeRegression.select(x, test));
            for (int i = 0; i < test.length; i++) {
                predictions[test[i]] = pred[i];
            }
            LOG.fine(mapper.describe() + ": fold " + (k + 1) + "/" + folds + " done");
        }
        return new Result(predictions, fold, folds);
    }

    /** A seeded fold for each of {@code n} items. */
    public static int[] assignFolds(int n, int folds, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[order[i]] = i % folds;
        }
        return fold;
    }

    /** The items in fold {@code k} ({@code inFold}) or in all other folds. */
    public static int[] indices(int[] fold, int k, boolean inFold) {
        int count = 0;
        for (int f : fold) {
            count += (f == k) == inFold ? 1 : 0;
        }
        int[] out = new int[count];
        int c = 0;
        for (int i = 0; i < fold.length; i++) {
            if ((fold[i] == k) == inFold) {
                out[c++] = i;
            }
        }
        return out;
    }
}
