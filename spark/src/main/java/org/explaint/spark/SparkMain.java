package org.explaint.spark;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.explaint.analysis.heads.HeadProbeResult;
import org.explaint.runtime.ExplaintException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of the Spark jobs: {@code heads} (the head probe), {@code tokens} (token
 * correspondence) and {@code export} (activations to Parquet). Run it with
 * {@code spark-submit --class org.explaint.spark.SparkMain};
 * {@code --spark MASTER} is only needed when no master is given by spark-submit (e.g. running
 * the class directly with {@code local[2]}).
 */
@Command(name = "explaint-spark", mixinStandardHelpOptions = true,
        description = "explaint analyses as Apache Spark jobs.",
        subcommands = {CommandLine.HelpCommand.class, SparkMain.Heads.class, SparkMain.Tokens.class,
                SparkMain.Export.class, SparkMain.Embeddings.class})
public final class SparkMain {
    /** Exit code for errors the user can fix. */
    public static final int USER_ERROR = 1;
    /** Exit code for internal errors. */
    public static final int INTERNAL_ERROR = 3;

    private SparkMain() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = userError(ex);
            if (cause != null) {
                commandLine.getErr().println("explaint-spark: " + cause.getMessage());
                return USER_ERROR;
            }
            commandLine.getErr().println("explaint-spark: internal error, please report it with the command you ran:");
            ex.printStackTrace(commandLine.getErr());
            return INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    // A user error raised inside a task arrives wrapped in Spark's exceptions; find it.
    private static Throwable userError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ExplaintException) {
                return t;
            }
        }
        return null;
    }

    /** Options both jobs share. */
    static class Common {
        @Option(names = "--spark", paramLabel = "MASTER",
                description = "Spark master, e.g. local[2] or spark://host:7077 (default: the one "
                        + "spark-submit gives, else local[*]).")
        String master;

        @Option(names = "--model", required = true, paramLabel = "MODEL",
                description = "Built-in name (minilm, ...) or a model path readable on every executor.")
        String model;

        @Option(names = "--treebank", required = true, paramLabel = "FILE",
                description = "A CoNLL-U treebank (.conllu): a local path or a Hadoop URI (hdfs://, "
                        + "s3a://, ...). export also reads plain text, one sentence per line, from a "
                        + "file whose name does not end in .conllu.")
        String treebank;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "-1",
                description = "Use only the first N sentences (default: all).")
        int limit;

        @Option(names = "--batch", paramLabel = "B", defaultValue = "8",
                description = "Sentences per forward pass (default 8).")
        int batch;

        @Option(names = "--lenient", description = "Skip malformed treebank sentences (counted in the "
                + "output) instead of stopping at the first one.")
        boolean lenient;

        @Option(names = "--partitions", paramLabel = "P", defaultValue = "0",
                description = "Partitions of the corpus (default: twice the default parallelism). "
                        + "Results do not depend on it.")
        int partitions;

        SparkSession session(String job) {
            SparkSession.Builder b = SparkSession.builder().appName("explaint " + job);
            if (master != null) {
                b.master(master);
            } else if (!new org.apache.spark.SparkConf().contains("spark.master")) {
                b.master("local[*]");
            }
            return b.getOrCreate();
        }
    }

    /** {@code heads}: the options of {@code explaint heads}, minus threads and checkpoints. */
    @Command(name = "heads", mixinStandardHelpOptions = true,
            description = "Probes every attention head for dependency relations, as `explaint heads` "
                    + "does, with the corpus split over Spark tasks; the JSON is byte-identical.")
    static final class Heads extends Common implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "The JSON file to write (local path or Hadoop URI).")
        String out;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
                description = "Seed of the bootstrap resamples and of the random-model control (default 42).")
        long seed;

        @Option(names = "--resamples", paramLabel = "R", defaultValue = "1000",
                description = "Bootstrap resamples for the confidence intervals (default 1000).")
        int resamples;

        @Option(names = "--random-control", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Also score a randomly initialised model of the same architecture "
                        + "(default on; --no-random-control halves the run time).")
        boolean randomControl;

        @Override
        public Integer call() throws java.io.IOException {
            long start = System.nanoTime();
            try (SparkSession session = session("heads")) {
                JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
                var options = new SparkHeads.Options(model, treebank, limit, seed, resamples, batch, lenient,
                        randomControl, partitions);
                HeadProbeResult result = SparkHeads.run(spark, options);
                SparkHeads.write(result, out, spark);
                System.out.printf("%d sentences scored, %d skipped; wrote %s in %.1f s%n",
                        result.sentencesUsed(), result.sentencesSkipped(), out,
                        (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }

    /**
     * {@code tokens}: the options of {@code explaint tokens}, minus threads, plus the Spark ones.
     * Not a {@link Common}: {@code explaint tokens} has no {@code --batch} or {@code --lenient},
     * and its {@code --limit} default is 0 (all).
     */
    @Command(name = "tokens", mixinStandardHelpOptions = true,
            description = "Tests whether each layer's states still stand for their input tokens, as "
                    + "`explaint tokens` does, with each pass's sentences split over Spark tasks; the JSON "
                    + "is byte-identical.")
    static final class Tokens implements Callable<Integer> {
        @Option(names = "--spark", paramLabel = "MASTER",
                description = "Spark master, e.g. local[2] or spark://host:7077 (default: the one "
                        + "spark-submit gives, else local[*]).")
        String master;

        @Option(names = "--model", required = true, paramLabel = "MODEL",
                description = "Built-in name (minilm, ...) or a model path readable on every executor.")
        String model;

        @Option(names = "--treebank", required = true, paramLabel = "FILE",
                description = "A CoNLL-U treebank: a local path or a Hadoop URI (hdfs://, s3a://, ...).")
        String treebank;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
                description = "Use at most this many sentences (0: all).")
        int limit;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "13",
                description = "Seed of the train/held-out split, the MLP and the bootstrap (default 13).")
        long seed;

        @Option(names = "--flow-max-length", paramLabel = "N", defaultValue = "20",
                description = "Compute attention flow only for sentences of at most this many positions, "
                        + "special tokens included; 0 turns flow off (default 20).")
        int flowMaxLength;

        @Option(names = "--train-fraction", paramLabel = "F", defaultValue = "0.3",
                description = "Share of sentences the linear and MLP maps are fitted on (default 0.3).")
        double trainFraction;

        @Option(names = "--resamples", paramLabel = "R", defaultValue = "1000",
                description = "Bootstrap resamples for the 95%% intervals (default 1000).")
        int resamples;

        @Option(names = "--heads", paramLabel = "FILE",
                description = "heads.json from 'explaint heads' (a local file on the driver): re-score and "
                        + "judge its claims.")
        String heads;

        @Option(names = "--partitions", paramLabel = "P", defaultValue = "0",
                description = "Partitions of each pass (default: twice the default parallelism). "
                        + "Results do not depend on it.")
        int partitions;

        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "The JSON file to write (local path or Hadoop URI).")
        String out;

        @Override
        public Integer call() throws java.io.IOException {
            long start = System.nanoTime();
            Common session = new Common();
            session.master = master;
            try (SparkSession spark = session.session("tokens")) {
                JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
                var options = new SparkTokens.Options(model, treebank, limit, seed, flowMaxLength, trainFraction,
                        resamples, heads, partitions);
                var document = SparkTokens.run(context, options);
                SparkTokens.write(document, out, context);
                System.out.printf("%s sentences scored; wrote %s in %.1f s%n", document.get("sentences"), out,
                        (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }

    /** {@code export}: activations at chosen hook points as Parquet. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes the activations at the given hook points for every token as Parquet "
                    + "(columns sentence_id, position, piece, word, layer, hook, vector).")
    static final class Export extends Common implements Callable<Integer> {
        @Option(names = "--hooks", required = true, split = ",", paramLabel = "HOOK",
                description = "Hook points, comma-separated, e.g. blocks.0.resid_post,blocks.5.resid_post.")
        List<String> hooks;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "The Parquet folder to write (replaced if it exists).")
        String out;

        @Override
        public Integer call() throws java.io.IOException {
            long start = System.nanoTime();
            try (SparkSession session = session("export")) {
                var options = new ActivationExport.Options(model, treebank, hooks, limit, batch, lenient,
                        partitions);
                long rows = ActivationExport.run(session, options, out);
                System.out.printf("wrote %d rows to %s in %.1f s%n", rows, out,
                        (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }

    /**
     * {@code embeddings}: contextual word vectors over a large corpus, for
     * {@code explaint map --embeddings FILE}.
     */
    @Command(name = "embeddings", mixinStandardHelpOptions = true,
            description = "Averages each target word's state after one block over all its occurrences "
                    + "in a corpus (CoNLL-U or plain text, one sentence per line), as `explaint map "
                    + "--embeddings contextual` does, with the corpus split over Spark tasks; writes a "
                    + "word2vec text file that `explaint map --embeddings FILE` reads. The vectors are "
                    + "bit for bit those of one pass (exact fixed-point sums).",
            footer = {"", "Example:",
                    "  explaint embeddings --spark 'local[2]' --model minilm --corpus corpus.txt "
                            + "--words concepts.txt --out vectors.txt",
                    "  explaint map --embeddings vectors.txt --norms CONCS_FEATS_concstats_brm.txt "
                            + "--format mcrae --out map.json"})
    static final class Embeddings implements Callable<Integer> {
        @Option(names = "--spark", paramLabel = "MASTER",
                description = "Spark master, e.g. local[2] or spark://host:7077 (default: the one "
                        + "spark-submit gives, else local[*]).")
        String master;

        @Option(names = "--model", required = true, paramLabel = "MODEL",
                description = "Built-in name (minilm, ...) or a model path readable on every executor.")
        String model;

        @Option(names = "--corpus", required = true, paramLabel = "FILE",
                description = "A CoNLL-U treebank (.conllu) or plain text, one sentence per line: a local "
                        + "path or a Hadoop URI.")
        String corpus;

        @Option(names = "--words", required = true, paramLabel = "FILE",
                description = "The target words, one per line (a local file), e.g. the concepts of a "
                        + "norm set.")
        java.nio.file.Path words;

        @Option(names = "--layer", paramLabel = "L", defaultValue = "-1",
                description = "The block whose output is averaged, 0-based (default: the last).")
        int layer;

        @Option(names = "--max-sentences", paramLabel = "N", defaultValue = "100000",
                description = "Corpus sentences read (default ${DEFAULT-VALUE}).")
        int maxSentences;

        @Option(names = "--partitions", paramLabel = "P", defaultValue = "0",
                description = "Partitions of the corpus (default: twice the default parallelism). "
                        + "Results do not depend on it.")
        int partitions;

        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "The word2vec text file to write (a local path or a Hadoop URI).")
        String out;

        @Override
        public Integer call() throws java.io.IOException {
            if (!java.nio.file.Files.isRegularFile(words)) {
                throw new ExplaintException("the word list " + words + " does not exist; give a text "
                        + "file with one target word per line");
            }
            List<String> targets = java.nio.file.Files.readAllLines(words).stream().map(String::strip)
                    .filter(w -> !w.isEmpty()).toList();
            long start = System.nanoTime();
            Common common = new Common();
            common.master = master;
            try (SparkSession session = common.session("embeddings")) {
                var vectors = SparkEmbeddings.run(session, new SparkEmbeddings.Options(model, corpus, targets,
                        layer, maxSentences, partitions));
                SparkEmbeddings.write(vectors, out, session.sparkContext().hadoopConfiguration());
                System.out.printf("wrote %d of %d words' vectors to %s in %.1f s%n", vectors.words().size(),
                        targets.size(), out, (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }
}
