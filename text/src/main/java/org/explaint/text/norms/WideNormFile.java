package org.explaint.text.norms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Reads dense rating tables such as Binder et al. (2016): one row per word, one numeric column
 * per attribute.
 *
 * <p>The word is the column named {@code Word} when there is one, else the first column. Other
 * columns whose first data row is neither a number nor {@code na} are metadata (Binder's
 * category columns) and are skipped with a log line. Cells reading {@code na}, {@code NA},
 * {@code nan} or empty are missing and handled by a {@link MissingPolicy} chosen by the caller;
 * any other non-number is an error naming file and line.
 */
public final class WideNormFile {
    private static final Logger LOG = Logger.getLogger(WideNormFile.class.getName());

    /** What to do with missing cells. */
    public enum MissingPolicy {
        /** Replace a missing cell by the mean of the attribute's present values. */
        IMPUTE_COLUMN_MEAN,
        /** Drop every attribute that has a missing cell. */
        DROP_ATTRIBUTE
    }

    private WideNormFile() {
    }

    /** Reads a wide table with the given policy for missing cells. */
    public static FeatureNorms read(Path path, MissingPolicy policy) {
        DelimitedFile file = DelimitedFile.read(path);
        List<String> header = file.header();
        int word = header.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList().indexOf("word");
        int wordColumn = word >= 0 ? word : 0;

        // choose the attribute columns from the first data row
        List<Integer> attributes = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (c == wordColumn) {
                continue;
            }
            String first = file.rows().isEmpty() ? "0" : file.field(file.rows().get(0), c);
            if (isMissing(first) || NormFiles.isNumeric(first)) {
                attributes.add(c);
            } else {
                LOG.fine("wide norms " + path + ": column '" + header.get(c) + "' is not numeric; skipped");
            }
        }

        // read cells, NaN marking missing ones
        int n = file.rows().size();
        List<String> words = new ArrayList<>(n);
        double[][] cells = new double[n][attributes.size()];
        for (int r = 0; r < n; r++) {
            DelimitedFile.Row row = file.rows().get(r);
            words.add(file.field(row, wordColumn).trim());
            for (int a = 0; a < attributes.size(); a++) {
                int c = attributes.get(a);
                cells[r][a] = isMissing(file.field(row, c)) ? Double.NaN : file.number(row, c);
            }
        }
        return applyPolicy(path, header, attributes, words, cells, policy);
    }

    private static FeatureNorms applyPolicy(Path path, List<String> header, List<Integer> attributes,
                                            List<String> words, double[][] cells,
                                            MissingPolicy policy) {
        List<Integer> kept = new ArrayList<>();
        int imputed = 0;
        for (int a = 0; a < attributes.size(); a++) {
            double sum = 0;
            int present = 0;
            for (double[] row : cells) {
                if (!Double.isNaN(row[a])) {
                    sum += row[a];
                    present++;
                }
            }
            if (present == cells.length) {
                kept.add(a);
            } else if (policy == MissingPolicy.IMPUTE_COLUMN_MEAN && present > 0) {
                double mean = sum / present;
                for (double[] row : cells) {
                    if (Double.isNaN(row[a])) {
                        row[a] = mean;
                        imputed++;
                    }
                }
                kept.add(a);
            } else {
                LOG.info("wide norms " + path + ": attribute '" + header.get(attributes.get(a))
                        + "' dropped (" + (cells.length - present) + " missing cells)");
            }
        }
        if (imputed > 0) {
            LOG.info("wide norms " + path + ": " + imputed + " missing cells set to their column mean");
        }
        List<String> names = new ArrayList<>();
        double[][] values = new double[cells.length][kept.size()];
        for (int k = 0; k < kept.size(); k++) {
            names.add(header.get(attributes.get(kept.get(k))));
            for (int r = 0; r < cells.length; r++) {
                values[r][k] = cells[r][kept.get(k)];
            }
        }
        return new FeatureNorms("wide ratings " + path.getFileName() + " (missing: " + policy + ")",
                words, names, values);
    }

    private static boolean isMissing(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return t.isEmpty() || t.equals("na") || t.equals("nan");
    }
}
