package org.explaint.analysis.mapping;

import org.ejml.data.DMatrixRMaj;

/** Conversions between {@code double[][]} tables and EJML matrices, plus column statistics. */
final class Matrices {
    private Matrices() {
    }

    /** Copies a table into a row-major EJML matrix. */
    static DMatrixRMaj of(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        DMatrixRMaj m = new DMatrixRMaj(rows.length, cols);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length
                        + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, m.data, i * cols, cols);
        }
        return m;
    }

    /** Copies an EJML matrix into a table. */
    static double[][] toArray(DMatrixRMaj m) {
        double[][] out = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            System.arraycopy(m.data, i * m.numCols, out[i], 0, m.numCols);
        }
        return out;
    }

    /** Column means. */
    static double[] columnMeans(double[][] rows) {
        double[] mean = new double[rows[0].length];
        for (double[] r : rows) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= rows.length;
        }
        return mean;
    }

    /** Column standard deviations with ddof = 1 about the given means. */
    static double[] columnStd(double[][] rows, double[] mean) {
        double[] std = new double[mean.length];
        for (double[] r : rows) {
            for (int j = 0; j < mean.length; j++) {
                double d = r[j] - mean[j];
                std[j] += d * d;
            }
        }
        for (int j = 0; j < mean.length; j++) {
            std[j] = Math.sqrt(std[j] / (rows.length - 1));
        }
        return std;
    }

    /** Squared Euclidean norm. */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The columns where {@code row} is not zero, ascending. */
    static int[] nonZeroColumns(double[] row) {
        return java.util.stream.IntStream.range(0, row.length).filter(j -> row[j] != 0).toArray();
    }

    /**
     * {@code sum_j a_j b_j w_j} over the columns both rows have non-zero, given those columns
     * ascending ({@link #nonZeroColumns}); {@code weights} null means all ones.
     */
    static double sparseDot(double[] a, int[] aColumns, double[] b, int[] bColumns, double[] weights) {
        double s = 0;
        int i = 0;
        int j = 0;
        while (i < aColumns.length && j < bColumns.length) {
            if (aColumns[i] == bColumns[j]) {
                int col = aColumns[i];
                s += weights == null ? a[col] * b[col] : a[col] * b[col] * weights[col];
                i++;
                j++;
            } else if (aColumns[i] < bColumns[j]) {
                i++;
            } else {
                j++;
            }
        }
        return s;
    }
}
