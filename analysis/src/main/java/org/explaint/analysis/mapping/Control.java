package org.explaint.analysis.mapping;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A control: a transformation of the mapping's inputs after which the identical
 * cross-validation and scoring run again.
 *
 * <p>Herasimchyk, Abdelhalim, Laue and Regneri (2025, "Prediction is not Explanation") show
 * that mappings from embeddings to feature norms score well on targets that carry no semantic
 * information. Each control here asks one version of that question; none of them needs code
 * beyond the input it produces, so a control cannot be favoured or handicapped by the pipeline.
 */
public interface Control {

    /** A short name used as the key in reports. */
    String name();

    /** One sentence saying what the control destroys or keeps. */
    String description();

    /** Whether the control is random, so that repeating it with new seeds gives a null distribution. */
    boolean repeatable();

    /** The transformed inputs; neither array of {@code real} is modified. */
    MappingInput apply(MappingInput real, long seed);

    /** Embeddings and norms paired by concept row: x {@code [concept, dimension]}, y {@code [concept, feature]}. */
    record MappingInput(double[][] x, double[][] y) {
    }

    /** (a) Rows of the norms permuted: every concept gets another concept's features. */
    record ShuffledConcepts() implements Control {
        @Override
        public String name() {
            return "shuffled_concepts";
        }

        @Override
        public String description() {
            return "norm rows permuted across concepts (keeps the norm table, breaks the pairing)";
        }

        @Override
        public boolean repeatable() {
            return true;
        }

        @Override
        public MappingInput apply(MappingInput real, long seed) {
            int[] perm = permutation(real.y().length, new SplittableRandom(seed));
            double[][] y = new double[real.y().length][];
            for (int i = 0; i < y.length; i++) {
                y[i] = real.y()[perm[i]].clone();
            }
            return new MappingInput(real.x(), y);
        }
    }

    /**
     * (b) Random norms: each feature's column permuted independently, which keeps every
     * feature's distribution of values (hence its marginal and the table's sparsity) and
     * destroys which features go together.
     */
    record RandomNorms() implements Control {
        @Override
        public String name() {
            return "random_norms";
        }

        @Override
        public String description() {
            return "each feature column permuted independently (same per-feature marginals and sparsity)";
        }

        @Override
        public boolean repeatable() {
            return true;
        }

        @Override
        public MappingInput apply(MappingInput real, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = real.y().length;
            int f = real.y()[0].length;
            double[][] y = new double[n][f];
            for (int j = 0; j < f; j++) {
                int[] perm = permutation(n, rng);
                for (int i = 0; i < n; i++) {
                    y[i][j] = real.y()[perm[i]][j];
                }
            }
            return new MappingInput(real.x(), y);
        }
    }

    /**
     * (c) Random embeddings drawn from a Gaussian with the real embeddings' mean and covariance:
     * {@code x' = mean + Z Xc / sqrt(n - 1)} with Z standard normal {@code [n, n]}, which has
     * covariance {@code Xc' Xc / (n - 1)} even when it is singular (more dimensions than concepts).
     */
    record GaussianEmbeddings() implements Control {
        @Override
        public String name() {
            return "gaussian_embeddings";
        }

        @Override
        public String description() {
            return "embeddings replaced by Gaussian draws with the real mean and covariance";
        }

        @Override
        public boolean repeatable() {
            return true;
        }

        @Override
        public MappingInput apply(MappingInput real, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            double[][] x = real.x();
            int n = x.length;
            int d = x[0].length;
            double[] mean = Matrices.columnMeans(x);
            double scale = 1 / Math.sqrt(n - 1);
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) {
                out[i] = mean.clone();
                for (int r = 0; r < n; r++) {
                    double z = gaussian(rng) * scale;
                    for (int j = 0; j < d; j++) {
                        out[i][j] += z * (x[r][j] - mean[j]);
                    }
                }
            }
            return new MappingInput(out, real.y());
        }
    }

    /**
     * (d) Nonsense targets that the embeddings determine: for each feature, concepts are ranked
     * by a random projection of their embedding and given the real feature's values in that
     * order. The targets carry no human knowledge but are a monotone function of a linear
     * function of the embeddings, with each real feature's exact marginal: what a mapper
     * reaches on them is the ceiling the method allows on data of this shape.
     */
    record ProjectionTargets() implements Control {
        @Override
        public String name() {
            return "projection_targets";
        }

        @Override
        public String description() {
            return "each feature's values reassigned in the order of a random projection of the "
                    + "embeddings (nonsense, predictable by construction: the ceiling)";
        }

        @Override
        public boolean repeatable() {
            return false;
        }

        @Override
        public MappingInput apply(MappingInput real, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            double[][] x = real.x();
            int n = x.length;
            int d = x[0].length;
            int f = real.y()[0].length;
            double[][] y = new double[n][f];
            double[] direction = new double[d];
            double[] projection = new double[n];
            double[] sorted = new double[n];
            for (int j = 0; j < f; j++) {
                for (int k = 0; k < d; k++) {
                    direction[k] = gaussian(rng);
                }
                for (int i = 0; i < n; i++) {
                    projection[i] = Matrices.dot(x[i], direction);
                    sorted[i] = real.y()[i][j];
                }
                Arrays.sort(sorted);
                int[] order = argsort(projection);
                for (int r = 0; r < n; r++) {
                    y[order[r]][j] = sorted[r];
                }
            }
            return new MappingInput(real.x(), y);
        }
    }

    /** A uniformly random permutation of {@code 0..n-1}. */
    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A standard normal draw (Box-Muller). */
    static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static int[] argsort(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
