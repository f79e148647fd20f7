package org.explaint.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import me.tongfei.progressbar.ProgressBar;
import org.explaint.analysis.heads.HeadProbe;
import org.explaint.analysis.heads.HeadProbeResult;
import org.explaint.analysis.heads.HeadProbeSummary;
import org.explaint.analysis.heads.HeadProbeTally;
import org.explaint.analysis.heads.RandomInitialisation;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.Transformer;
import org.explaint.text.Tokenizer;
import org.explaint.text.conllu.Treebank;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code heads} subcommand: which attention heads find which syntactic relations. */
@Command(name = "heads", mixinStandardHelpOptions = true,
        description = {"Probes every attention head for dependency relations, after Clark, "
                + "Khandelwal, Levy and Manning (2019), \"What does BERT look at?\". Each treebank "
                + "sentence is run from its word forms; attention is brought to word level (to a "
                + "word: sum over its pieces; from a word: mean over its pieces; special tokens "
                + "dropped); a head scores a hit on an arc when the dependent's most-attended other "
                + "word is its head (dep->head) or the head's is the dependent (head->dep).",
                "Per relation (universal labels, at least 100 arcs; punct and root left out; "
                        + "'all' pools every other arc) it reports the best head with a 95%% bootstrap "
                        + "interval over sentences, the best fixed-offset baseline, the best head of "
                        + "a randomly initialised model of the same architecture, and the full "
                        + "layer x head grids. It also decodes a maximum spanning tree from each "
                        + "head (UUAS) and reports the attention mass on special tokens."},
        footer = {"", "Long runs checkpoint their state every --checkpoint-every sentences into "
                + "OUT.checkpoint/ (written atomically, removed once OUT is written). After a crash "
                + "or kill, the same command with --resume continues from the last checkpoint "
                + "and writes the same bytes an uninterrupted run would.",
                "", "Example:",
                "  explaint heads --model minilm --treebank en_ewt-ud-dev.conllu --threads 2 "
                        + "--out heads.json",
                "  explaint heads --model minilm --treebank en_ewt-ud-dev.conllu --threads 2 "
                        + "--out heads.json --resume      (after an interruption)"})
public final class HeadsCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(HeadsCommand.class.getName());

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "Built-in name (minilm, bge-small, e5-small, bert-base-uncased) or a model path.")
    String model;

    @Option(names = "--treebank", required = true, paramLabel = "FILE",
            description = "A CoNLL-U treebank, e.g. UD English-EWT's en_ewt-ud-dev.conllu.")
    Path treebank;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The JSON file to write (layout documented in HeadProbeResult).")
    Path out;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "-1",
            description = "Score only the first N sentences (default: all).")
    int limit;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0",
            description = "Worker threads, each running its own forward passes (default: the number "
                    + "of processors). Results do not depend on it.")
    int threads;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the bootstrap resamples and of the random-model control (default 42).")
    long seed;

    @Option(names = "--resamples", paramLabel = "R", defaultValue = "1000",
            description = "Bootstrap resamples for the confidence intervals (default 1000).")
    int resamples;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "8",
            description = "Sentences per forward pass (default 8).")
    int batch;

    @Option(names = "--lenient", description = "Skip malformed treebank sentences (counted in the "
            + "output) instead of stopping at the first one.")
    boolean lenient;

    @Option(names = "--random-control", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also score a randomly initialised model of the same architecture "
                    + "(default on; --no-random-control halves the run time).")
    boolean randomControl;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "250",
            description = "Sentences between checkpoints (default ${DEFAULT-VALUE}; 0: no checkpoints).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue from OUT.checkpoint/ left by an interrupted run "
            + "of the same command; without it an old checkpoint is discarded.")
    boolean resume;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(treebank)) {
            throw new ExplaintException("the treebank " + treebank + " does not exist or is not a "
                    + "file; pass a CoNLL-U file to --treebank");
        }
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        LoadedModel loaded = ModelCatalog.load(model);
        Transformer transformer = loaded.transformer();

        // The model itself, then (optionally) the same architecture with random weights.
        int total = countSentences();
        Checkpoints checkpoints = Checkpoints.open(out, runKey(), resume);
        Run real = probe("heads", transformer, loaded.tokenizer(), workers, total, checkpoints, "real");
        HeadProbeTally random = null;
        String randomModel = null;
        if (randomControl) {
            Transformer control = new Transformer(transformer.config(),
                    RandomInitialisation.weights(transformer.config(), seed));
            random = probe("random", control, loaded.tokenizer(), workers, total, checkpoints, "random")
                    .tally();
            randomModel = RandomInitialisation.describe(seed);
        }

        var run = new HeadProbeSummary.RunDescription(model, treebank.toString(),
                transformer.config().family(), transformer.config().causal(), seed,
                real.treebankSkipped());
        HeadProbeResult result = HeadProbeSummary.summarise(run, real.tally(), random, randomModel,
                resamples);
        write(result);
        checkpoints.discard();
        print(result, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private Run probe(String task, Transformer transformer, Tokenizer tokenizer, int workers,
                      int total, Checkpoints checkpoints, String pass) {
        HeadProbe probe = new HeadProbe(transformer, tokenizer, workers, batch);
        HeadProbeTally resumed = checkpoints.read(pass);
        if (resumed == null) {
            resumed = new HeadProbeTally(transformer.config().layers(), transformer.config().heads());
        }
        int every = checkpointEvery > 0 ? checkpointEvery : Integer.MAX_VALUE;
        try (Treebank sentences = Treebank.open(treebank, lenient);
             ProgressBar bar = Progress.bar(task, total, " sent")) {
            HeadProbeTally tally = probe.run(sentences, limit, bar::stepBy, resumed, every,
                    checkpointEvery > 0 ? t -> checkpoints.write(pass, t) : t -> { });
            return new Run(tally, sentences.skipped());
        }
    }

    // Everything that changes the numbers; a checkpoint is only resumed by the same run.
    private String runKey() {
        return String.join("\n", "heads", "model=" + model, "treebank=" + treebank.toAbsolutePath(),
                "limit=" + limit, "seed=" + seed, "lenient=" + lenient, "random-control=" + randomControl);
    }

    // How many sentences the run will take, for the progress bar's ETA.
    private int countSentences() {
        int n = 0;
        try (Treebank t = Treebank.open(treebank, true)) {
            while (t.hasNext() && (limit < 0 || n < limit)) {
                t.next();
                n++;
            }
        }
        return n;
    }

    // Written beside the destination and moved into place: a kill never leaves half a file.
    private void write(HeadProbeResult result) {
        Path temporary = out.toAbsolutePath().resolveSibling(out.getFileName() + ".tmp");
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), result);
            Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ExplaintException("cannot write " + out + " (" + e.getMessage()
                    + "); choose an output path in a folder that exists and is writable", e);
        }
    }

    private void print(HeadProbeResult r, double seconds) {
        PrintWriter p = spec.commandLine().getOut();
        p.printf("%d sentences scored, %d skipped; %d layers x %d heads%n", r.sentencesUsed(),
                r.sentencesSkipped(), r.layers(), r.heads());
        if (r.note() != null) {
            p.println("note: " + r.note());
        }
        p.printf("%-12s %6s  %-16s %-21s %-19s %s%n", "relation", "count", "best head",
                "score [95% CI]", "offset baseline", "random model");
        for (Map.Entry<String, HeadProbeResult.RelationResult> e : r.relations().entrySet()) {
            var x = e.getValue();
            p.printf("%-12s %6d  L%d-H%-2d %-9s %.3f [%.3f, %.3f]  k=%+d %.3f    %s%n", e.getKey(),
                    x.count(), x.best().layer(), x.best().head(), x.best().direction(),
                    x.best().score(), x.best().ci()[0], x.best().ci()[1], x.baseline().offset(),
                    x.baseline().score(),
                    x.randomModelScore() == null ? "-" : String.format("%.3f", x.randomModelScore()));
        }
        var tree = r.uuas().best();
        p.printf("best tree decoding (UUAS): L%d-H%d %.3f%n", tree.layer(), tree.head(), tree.score());
        p.printf("wrote %s in %.1f s%n", out, seconds);
        p.flush();
        LOG.fine(() -> "special-token mass per layer: "
                + java.util.Arrays.toString(r.specialTokenMass().perLayer()));
    }

    /** One probing pass: its tally and how many malformed sentences the reader skipped. */
    private record Run(HeadProbeTally tally, int treebankSkipped) {
    }
}
