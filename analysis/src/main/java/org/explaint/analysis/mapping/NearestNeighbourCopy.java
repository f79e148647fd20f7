package org.explaint.analysis.mapping;

/**
 * The copy baseline: predicts for each concept the norm vector of the training concept whose
 * embedding is nearest by cosine similarity.
 *
 * <p>It learns no mapping at all; any score it reaches comes from the embedding space's
 * neighbourhood structure alone. A mapper that does not beat it has shown nothing beyond "similar
 * words have similar norms".
 */
public final class NearestNeighbourCopy implements FeatureMapper {

    @Override
    public String describe() {
        return "nearest-neighbour copy (cosine)";
    }

    @Override
    public Predictor fit(double[][] x, double[][] y) {
        double[][] train = unitRows(x);
        double[][] norms = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            norms[i] = y[i].clone();
        }
        return query -> {
            double[][] q = unitRows(query);
            double[][] out = new double[q.length][];
            for (int i = 0; i < q.length; i++) {
                int best = 0;
                double bestSim = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < train.length; t++) {
                    double sim = Matrices.dot(q[i], train[t]);
                    if (sim > bestSim) {
                        bestSim = sim;
                        best = t;
                    }
                }
                out[i] = norms[best].clone();
            }
            return out;
        };
    }

    static double[][] unitRows(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double norm = Math.sqrt(Matrices.dot(x[i], x[i]));
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = norm == 0 ? 0 : x[i][j] / norm;
            }
        }
        return out;
    }
}
