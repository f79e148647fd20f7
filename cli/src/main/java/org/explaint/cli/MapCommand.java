package org.explaint.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import me.tongfei.progressbar.ProgressBar;
import org.explaint.analysis.embeddings.ContextualEmbeddings;
import org.explaint.analysis.embeddings.StaticEmbeddings;
import org.explaint.analysis.embeddings.WordVectors;
import org.explaint.analysis.mapping.ConceptAlignment;
import org.explaint.analysis.mapping.ControlOutcome;
import org.explaint.analysis.mapping.FeatureMapper;
import org.explaint.analysis.mapping.MappingMetrics;
import org.explaint.analysis.mapping.MappingReport;
import org.explaint.analysis.mapping.MappingStudy;
import org.explaint.analysis.mapping.MappingVerdictRule;
import org.explaint.analysis.mapping.NeuralMapper;
import org.explaint.analysis.mapping.PlsRegression;
import org.explaint.analysis.mapping.RidgeRegression;
import org.explaint.analysis.mapping.Score;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.runtime.ExplaintException;
import org.explaint.text.norms.FeatureNorms;
import org.explaint.text.norms.NormFiles;
import org.explaint.text.norms.WordNetNorms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code map} subcommand: regresses embeddings onto feature norms, with controls. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = {"Maps word embeddings onto human feature norms (McRae, Buchanan, Binder, "
                + "Brysbaert, any CSV, or a WordNet-derived set) with cross-validation over concepts, "
                + "then runs the same pipeline on controls: concept-shuffled norms, random norms with "
                + "the same per-feature values, Gaussian embeddings with the real mean and covariance, "
                + "nonsense targets that are functions of the embeddings (the ceiling), and a "
                + "nearest-neighbour copy baseline.",
                "It prints, per metric, the real score, every control's score with its interval, "
                        + "permutation p-values and selectivity, the concepts it could not embed, "
                        + "and a verdict under a stated rule. High mapping scores alone are not "
                        + "evidence of knowledge (Herasimchyk et al. 2025): read the controls."},
        footer = {"", "Examples:",
                "  explaint map --model minilm --norms $EXPLAINT_DATA/norms/mcrae/"
                        + "CONCS_FEATS_concstats_brm.txt --format mcrae --mapper plsr --out map.json",
                "  explaint map --embeddings glove.txt --norms wordnet --mapper ridge --out wn.json"})
public final class MapCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(MapCommand.class.getName());

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Built-in name or model path; needed unless --embeddings names a file.")
    String model;

    @Option(names = "--norms", required = true, paramLabel = "PATH|wordnet",
            description = "The norms file, or 'wordnet' for the built-in WordNet 3.1 set.")
    String norms;

    @Option(names = "--format", defaultValue = "mcrae", paramLabel = "FORMAT",
            description = "Norms format: mcrae, buchanan, binder, brysbaert or csv (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--mapper", defaultValue = "plsr", paramLabel = "NAME",
            description = "plsr (scikit-learn-equivalent PLS), ridge (inner-CV penalty) or mlp "
                    + "(default ${DEFAULT-VALUE}).")
    String mapper;

    @Option(names = "--components", defaultValue = "50", paramLabel = "K",
            description = "PLS components (default ${DEFAULT-VALUE}, capped by the data's rank).")
    int components;

    @Option(names = "--embeddings", defaultValue = "static", paramLabel = "KIND|FILE",
            description = "static (mean of a word's pieces' input embeddings), first-piece, contextual "
                    + "(needs --corpus), or a word2vec/GloVe text file (default ${DEFAULT-VALUE}).")
    String embeddings;

    @Option(names = "--corpus", paramLabel = "FILE",
            description = "A CoNLL-U treebank (.conllu) or plain text, one sentence per line, for --embeddings contextual.")
    Path corpus;

    @Option(names = "--layer", defaultValue = "-1", paramLabel = "L",
            description = "Layer for contextual embeddings, 0-based (default: the last).")
    int layer;

    @Option(names = "--max-sentences", defaultValue = "100000", paramLabel = "N",
            description = "Corpus sentences read for contextual embeddings (default ${DEFAULT-VALUE}).")
    int maxSentences;

    @Option(names = "--folds", defaultValue = "10", paramLabel = "K",
            description = "Cross-validation folds over concepts (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--permutations", defaultValue = "20", paramLabel = "R",
            description = "Seeded repetitions of each random control; p-values cannot go below "
                    + "1/(R+1), so R >= 20 is needed for p < 0.05 (default ${DEFAULT-VALUE}).")
    int permutations;

    @Option(names = "--neighbours", defaultValue = "10", paramLabel = "N",
            description = "N of the neighbourhood accuracy (default ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed for folds, controls and the network (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "T",
            description = "Worker threads for the control repetitions (default: the number of "
                    + "processors). Results do not depend on it.")
    int threads;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSON report to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        FeatureNorms table = loadNorms();
        WordVectors vectors = loadEmbeddings(table);
        ConceptAlignment aligned = ConceptAlignment.of(table, vectors::vector);
        // Every training part must hold enough concepts for the ridge penalty's own inner 5-fold CV.
        int needed = Math.max(2 * folds, 12);
        if (aligned.concepts().size() < needed) {
            throw new ExplaintException("only " + aligned.concepts().size() + " of "
                    + table.conceptCount() + " concepts have embeddings from " + vectors.source()
                    + "; with " + folds + " folds at least " + needed + " are needed (fewer folds "
                    + "need fewer concepts). Missing: " + aligned.missing());
        }
        LOG.info("norms: " + table + "; " + aligned.concepts().size() + " concepts embedded, "
                + aligned.missing().size() + " missing");

        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        MappingStudy study = new MappingStudy(mapper(), folds, permutations, seed, neighbours,
                MappingVerdictRule.standard(), workers);
        MappingReport report;
        try (ProgressBar bar = Progress.bar("mapping", study.crossValidations(), " CV")) {
            report = study.run(aligned.x(), aligned.y(), new MappingStudy.Coverage(
                    table.source(), vectors.source(), aligned.missing(), aligned.sharedWords()), bar::step);
        }

        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        } catch (IOException e) {
            throw new ExplaintException("cannot write " + out + " (" + e.getMessage()
                    + "); choose a path in a writable folder", e);
        }
        print(report, spec.commandLine().getOut());
        return 0;
    }

    private FeatureNorms loadNorms() {
        if (norms.equalsIgnoreCase("wordnet")) {
            return WordNetNorms.open().defaultNorms();
        }
        Path path = Path.of(norms);
        if (!Files.isRegularFile(path)) {
            throw new ExplaintException("norms file " + path + " does not exist; give a file or 'wordnet'.");
        }
        return NormFiles.read(path, format);
    }

    private WordVectors loadEmbeddings(FeatureNorms table) {
        String kind = embeddings.toLowerCase(Locale.ROOT);
        if (!List.of("static", "first-piece", "contextual").contains(kind)) {
            return WordVectors.read(Path.of(embeddings));
        }
        if (model == null) {
            throw new ExplaintException("--embeddings " + embeddings + " needs --model; or give a "
                    + "word-vector file to --embeddings.");
        }
        LoadedModel loaded = ModelCatalog.load(model);
        List<String> words = ConceptAlignment.wordsOf(table);
        if (kind.equals("contextual")) {
            if (corpus == null) {
                throw new ExplaintException("--embeddings contextual needs --corpus FILE (a .conllu treebank or one sentence per line).");
            }
            int layers = loaded.transformer().config().layers();
            ContextualEmbeddings acc = new ContextualEmbeddings(layers,
                    loaded.transformer().config().hidden(), new HashSet<>(words));
            acc.addCorpus(loaded.transformer(), loaded.tokenizer(), corpus, maxSentences);
            return acc.layer(layer < 0 ? layers - 1 : layer);
        }
        StaticEmbeddings.Pooling pooling = kind.equals("static") ? StaticEmbeddings.Pooling.MEAN
                : StaticEmbeddings.Pooling.FIRST_PIECE;
        return StaticEmbeddings.of(loaded.transformer(), loaded.tokenizer(), words, pooling);
    }

    private FeatureMapper mapper() {
        return switch (mapper.toLowerCase(Locale.ROOT)) {
            case "plsr" -> new PlsRegression(components);
            case "ridge" -> new RidgeRegression(5, seed);
            case "mlp" -> NeuralMapper.standard(seed);
            default -> throw new ExplaintException("unknown --mapper '" + mapper + "'; use plsr, ridge or mlp.");
        };
    }

    private static void print(MappingReport r, PrintWriter w) {
        w.printf(Locale.ROOT, "norms: %s%nembeddings: %s%nmapper: %s, %d folds, %d permutations, seed %d%n",
                r.norms(), r.embeddings(), r.mapper(), r.folds(), r.permutations(), r.seed());
        w.printf(Locale.ROOT, "coverage: %d concepts used, %d missing%s%n", r.conceptsUsed(),
                r.missing().size(), r.missing().isEmpty() ? "" : " " + r.missing());
        if (!r.sharedWords().isEmpty()) {
            w.println("concepts sharing a surface word (same embedding): " + r.sharedWords());
        }
        w.printf(Locale.ROOT, "F1 threshold %.3f, neighbourhood N = %d%n%n", r.threshold(), r.neighbours());
        for (String m : MappingMetrics.NAMES) {
            w.printf(Locale.ROOT, "%-15s real %s%n", m, format(r.real().get(m)));
            for (ControlOutcome c : r.controls()) {
                Double p = c.pValues().get(m);
                w.printf(Locale.ROOT, "  %-20s %s  selectivity %+.4f%s%n", c.name(),
                        format(c.scores().get(m)), c.selectivity().get(m),
                        p == null ? "" : String.format(Locale.ROOT, "  p %.4f", p));
            }
        }
        w.printf(Locale.ROOT, "%nverdict: %s%nrule (%s): %s%n",
                r.verdict().warranted() ? "WARRANTED (narrow claim)" : "NOT WARRANTED",
                r.verdict().rule(), r.verdict().ruleText());
        for (Map.Entry<String, Double> e : r.verdict().position().entrySet()) {
            w.printf(Locale.ROOT, "  %s: real sits at %.2f between best chance control (0) and ceiling (1)%n",
                    e.getKey(), e.getValue());
        }
        r.verdict().reasons().forEach(reason -> w.println("  failed: " + reason));
        w.println("full report: JSON written to --out");
        w.flush();
    }

    private static String format(Score s) {
        return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", s.value(), s.low(), s.high());
    }
}
