package org.explaint.analysis.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlsRegressionTest {
    private static final double RELATIVE = 1e-6;

    @Test
    void coefficientsAndPredictionsMatchScikitLearnWithin1e6Relative() throws IOException {
        Map<?, ?> f;
        try (InputStream in = getClass().getResourceAsStream("/mapping/plsr_fixture.json")) {
            f = new ObjectMapper().readValue(in, Map.class);
        }
        double[][] x = table(f.get("x"));
        double[][] y = table(f.get("y"));
        LinearModel model = new PlsRegression(3).fit(x, y);

        double[][] coef = table(f.get("coef")); // [target, feature]
        double scale = maxAbs(coef);
        for (int t = 0; t < coef.length; t++) {
            for (int j = 0; j < coef[t].length; j++) {
                assertEquals(coef[t][j], model.coefficient(t, j), RELATIVE * scale,
                        "coef[" + t + "][" + j + "]");
            }
        }
        assertClose(table(f.get("predictions")), model.predict(table(f.get("x_test"))));
        assertClose(table(f.get("train_predictions")), model.predict(x));
    }

    private static void assertClose(double[][] expected, double[][] actual) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double tol = RELATIVE * Math.max(1, Math.abs(expected[i][j]));
                assertEquals(expected[i][j], actual[i][j], tol, "prediction[" + i + "][" + j + "]");
            }
        }
    }

    private static double maxAbs(double[][] t) {
        double m = 0;
        for (double[] r : t) {
            for (double v : r) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static double[][] table(Object o) {
        java.util.List<java.util.List<Number>> rows = (java.util.List<java.util.List<Number>>) o;
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i).stream().mapToDouble(Number::doubleValue).toArray();
        }
        return out;
    }
}
