package org.explaint.text.norms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import org.explaint.runtime.ExplaintException;

/**
 * Reads the published feature-norm tables into {@link FeatureNorms}.
 *
 * <ul>
 * <li>McRae, Cree, Seidenberg and McNorgan (2005): {@code CONCS_FEATS_concstats_brm.txt},
 * tab-separated, one row per (Concept, Feature); the value is Prod_Freq, the number of the 30
 * participants who listed the feature. The file repeats two pairs with different counts
 * ({@code pen used_for_writing} 5 and 16, {@code harpoon used_for_killing} 6 and 8); repeated
 * pairs are summed, so the 7259 rows give 7257 non-zero cells.</li>
 * <li>Buchanan, Valentine and Maxwell (2019): a long cue/feature/count table. The file this
 * project ships with its tests is the lemmatised bag-of-words table of the FLT-Primer subset
 * ({@code cue,lemma,n}): counts of lemmas in participants' free text, <em>not</em> the
 * official translated feature frequencies of the published norms.</li>
 * <li>Binder et al. (2016): dense ratings, see {@link WideNormFile}.</li>
 * <li>Brysbaert, Warriner and Kuperman (2014) concreteness: one feature, {@code Conc.M}; entries
 * with Bigram = 1 (two-word expressions) are skipped unless multi-word entries are asked
 * for.</li>
 * <li>Generic long tables ({@code word,feature,value}, the first three columns) and generic
 * wide tables (handled like Binder's).</li>
 * </ul>
 */
public final class NormFiles {
    private static final Logger LOG = Logger.getLogger(NormFiles.class.getName());

    private NormFiles() {
    }

    /**
     * Reads a table by format name: {@code mcrae}, {@code buchanan}, {@code binder},
     * {@code brysbaert}, {@code csv} (long if it has three columns and a non-numeric second
     * column, wide otherwise).
     */
    public static FeatureNorms read(Path path, String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "mcrae" -> readMcRae(path);
            case "buchanan" -> readBuchanan(path);
            case "binder" -> WideNormFile.read(path, WideNormFile.MissingPolicy.IMPUTE_COLUMN_MEAN);
            case "brysbaert" -> readBrysbaert(path, false);
            case "csv", "tsv" -> readGeneric(path);
            default -> throw new ExplaintException("unknown norms format '" + format
                    + "'; use mcrae, buchanan, binder, brysbaert or csv.");
        };
    }

    /** Reads McRae et al. (2005) concept-feature statistics; values are production frequencies. */
    public static FeatureNorms readMcRae(Path path) {
        DelimitedFile file = DelimitedFile.read(path);
        int concept = file.column("Concept");
        int feature = file.column("Feature");
        int frequency = file.column("Prod_Freq");
        LongNormTable table = new LongNormTable();
        for (DelimitedFile.Row row : file.rows()) {
            table.add(file.field(row, concept), file.field(row, feature),
                    file.number(row, frequency));
        }
        return table.build("McRae et al. 2005 (" + path.getFileName() + ")");
    }

    /**
     * Reads a Buchanan et al. (2019) style long table: cue, feature (or lemma), count. The
     * column names {@code cue}, then {@code feature}/{@code lemma}/{@code translated}, then
     * {@code n}/{@code frequency} are looked up in that order of preference.
     */
    public static FeatureNorms readBuchanan(Path path) {
        DelimitedFile file = DelimitedFile.read(path);
        int cue = file.column("cue");
        int feature = firstPresent(file, "feature", "translated", "lemma");
        int count = firstPresent(file, "n", "frequency", "frequency_feature");
        LongNormTable table = new LongNormTable();
        for (DelimitedFile.Row row : file.rows()) {
            table.add(file.field(row, cue), file.field(row, feature), file.number(row, count));
        }
        return table.build("Buchanan et al. 2019 style counts (" + path.getFileName() + ")");
    }

    /**
     * Reads Brysbaert et al. (2014) concreteness ratings as a one-feature table ({@code Conc.M}).
     *
     * @param multiWord whether to keep two-word expressions (Bigram = 1)
     */
    public static FeatureNorms readBrysbaert(Path path, boolean multiWord) {
        DelimitedFile file = DelimitedFile.read(path);
        int word = file.column("Word");
        int bigram = file.column("Bigram");
        int mean = file.column("Conc.M");
        List<String> words = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        int skipped = 0;
        for (DelimitedFile.Row row : file.rows()) {
            if (!multiWord && file.number(row, bigram) == 1) {
                skipped++;
                continue;
            }
            words.add(file.field(row, word).trim());
            values.add(new double[] {file.number(row, mean)});
        }
        LOG.info(() -> "Brysbaert concreteness: " + words.size() + " words read");
        if (skipped > 0) {
            LOG.info("Brysbaert concreteness: skipped " + skipped + " two-word entries (Bigram = 1)");
        }
        return new FeatureNorms("Brysbaert et al. 2014 concreteness (" + path.getFileName() + ")",
                words, List.of("Conc.M"), values.toArray(new double[0][]));
    }

    /** Reads a generic table: long ({@code word,feature,value}) or wide (word then features). */
    public static FeatureNorms readGeneric(Path path) {
        DelimitedFile file = DelimitedFile.read(path);
        boolean isLong = file.header().size() == 3 && !file.rows().isEmpty()
                && !isNumeric(file.field(file.rows().get(0), 1));
        if (!isLong) {
            return WideNormFile.read(path, WideNormFile.MissingPolicy.IMPUTE_COLUMN_MEAN);
        }
        LongNormTable table = new LongNormTable();
        for (DelimitedFile.Row row : file.rows()) {
            table.add(file.field(row, 0).trim(), file.field(row, 1).trim(), file.number(row, 2));
        }
        return table.build("long table " + path.getFileName());
    }

    static boolean isNumeric(String text) {
        try {
            Double.parseDouble(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int firstPresent(DelimitedFile file, String... names) {
        for (String name : names) {
            for (int i = 0; i < file.header().size(); i++) {
                if (file.header().get(i).equalsIgnoreCase(name)) {
                    return i;
                }
            }
        }
        return file.column(names[0]);
    }
}
