package org.explaint.analysis.mapping;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scores reported for predicted norms, computed the same way for the real norms and for
 * every control.
 *
 * <ul>
 * <li>{@code r2}: per-feature coefficient of determination {@code 1 - SSres/SStot} about the
 * evaluated concepts' gold mean, averaged with equal weight over features; features whose gold
 * values are constant over the evaluated concepts have no R^2 and are left out of the mean.</li>
 * <li>{@code spearman}: per-feature Spearman correlation (average ranks for ties) between
 * predicted and gold values, averaged over features where neither side is constant.</li>
 * <li>{@code cosine}: mean over concepts of the cosine between predicted and gold vectors
 * (concepts with an all-zero gold vector are left out).</li>
 * <li>{@code precision_at_k}: for each concept, the share of its k highest predicted features
 * that are among its gold features, k = its number of gold features (values &gt; 0); mean over
 * concepts with k &gt; 0.</li>
 * <li>{@code f1}: micro F1 over all (concept, feature) cells with gold and prediction binarised
 * at {@code threshold} (value &gt; threshold is positive).</li>
 * <li>{@code neighbour_acc}: share of concepts whose gold vector is among the N gold vectors
 * nearest (cosine) to their prediction, searching all concepts' gold vectors; ties count
 * against the concept (its rank is the number of candidates at least as similar).</li>
 * </ul>
 *
 * @param threshold  binarisation threshold for F1
 * @param neighbours N for the neighbourhood accuracy
 */
public record MappingMetrics(double threshold, int neighbours) {
    /** Metric names, in report order. */
    public static final List<String> NAMES = List.of("r2", "spearman", "cosine", "precision_at_k",
            "f1", "neighbour_acc");

    /** The stated threshold rule: half the mean non-zero gold value (0.5 for 0/1 norms). */
    public static double defaultThreshold(double[][] gold) {
        double sum = 0;
        long count = 0;
        for (double[] r : gold) {
            for (double v : r) {
                if (v != 0) {
                    sum += Math.abs(v);
                    count++;
                }
            }
        }
        return count == 0 ? 0.5 : 0.5 * sum / count;
    }

    /** Scores the predictions of the given rows against all gold rows. */
    public Map<String, Double> score(double[][] gold, double[][] predicted, int[] rows) {
        Map<String, Double> out = new LinkedHashMap<>();
        int features = gold[0].length;
        double r2 = 0;
        double rho = 0;
        int r2Count = 0;
        int rhoCount = 0;
        double[] g = new double[rows.length];
        double[] p = new double[rows.length];
        for (int f = 0; f < features; f++) {
            for (int i = 0; i < rows.length; i++) {
                g[i] = gold[rows[i]][f];
                p[i] = predicted[rows[i]][f];
            }
            double mean = Arrays.stream(g).average().orElse(0);
            double ssTot = 0;
            double ssRes = 0;
            for (int i = 0; i < rows.length; i++) {
                ssTot += (g[i] - mean) * (g[i] - mean);
                ssRes += (g[i] - p[i]) * (g[i] - p[i]);
            }
            if (ssTot > 0) {
                r2 += 1 - ssRes / ssTot;
                r2Count++;
                double r = pearson(ranks(g), ranks(p));
                if (!Double.isNaN(r)) {
                    rho += r;
                    rhoCount++;
                }
            }
        }
        out.put("r2", r2Count == 0 ? Double.NaN : r2 / r2Count);
        out.put("spearman", rhoCount == 0 ? Double.NaN : rho / rhoCount);
        conceptScores(gold, predicted, rows, out);
        return out;
    }

    private void conceptScores(double[][] gold, double[][] predicted, int[] rows,
                               Map<String, Double> out) {
        double[][] goldUnit = NearestNeighbourCopy.unitRows(gold);
        double cosine = 0;
        int cosineCount = 0;
        double precision = 0;
        int precisionCount = 0;
        long tp = 0;
        long fp = 0;
        long fn = 0;
        int hits = 0;
        for (int row : rows) {
            double[] gRow = gold[row];
            double[] pRow = predicted[row];
            double gNorm = Math.sqrt(Matrices.dot(gRow, gRow));
            double pNorm = Math.sqrt(Matrices.dot(pRow, pRow));
            if (gNorm > 0) {
                cosine += pNorm == 0 ? 0 : Matrices.dot(gRow, pRow) / (gNorm * pNorm);
                cosineCount++;
            }

            // precision at k, k = number of gold features
            int k = 0;
            for (double v : gRow) {
                k += v > 0 ? 1 : 0;
            }
            if (k > 0) {
                Integer[] order = new Integer[pRow.length];
                for (int f = 0; f < order.length; f++) {
                    order[f] = f;
                }
                Arrays.sort(order, (a, b) -> Double.compare(pRow[b], pRow[a]));
                int found = 0;
                for (int i = 0; i < k; i++) {
                    found += gRow[order[i]] > 0 ? 1 : 0;
                }
                precision += found / (double) k;
                precisionCount++;
            }

            // binarised cells
            for (int f = 0; f < gRow.length; f++) {
                boolean gp = gRow[f] > threshold;
                boolean pp = pRow[f] > threshold;
                tp += gp && pp ? 1 : 0;
                fp += !gp && pp ? 1 : 0;
                fn += gp && !pp ? 1 : 0;
            }

            // neighbourhood: rank of the own gold vector among all gold vectors
            double[] unit = NearestNeighbourCopy.unitRows(new double[][] {pRow})[0];
            double own = Matrices.dot(unit, goldUnit[row]);
            int atLeast = 0;
            for (int c = 0; c < goldUnit.length; c++) {
                if (c != row && Matrices.dot(unit, goldUnit[c]) >= own) {
                    atLeast++;
                }
            }
            hits += atLeast < neighbours ? 1 : 0;
        }
        out.put("cosine", cosineCount == 0 ? Double.NaN : cosine / cosineCount);
        out.put("precision_at_k", precisionCount == 0 ? Double.NaN : precision / precisionCount);
        out.put("f1", tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn));
        out.put("neighbour_acc", hits / (double) rows.length);
    }

    /** Average ranks (1-based), ties sharing their mean rank. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                r[order[t]] = rank;
            }
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }
}
