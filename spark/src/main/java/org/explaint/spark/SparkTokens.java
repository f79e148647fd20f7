package org.explaint.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.explaint.analysis.tokens.ClaimRescorer;
import org.explaint.analysis.tokens.ClaimTally;
import org.explaint.analysis.tokens.ClaimVerdict;
import org.explaint.analysis.tokens.CorrespondenceAccumulator;
import org.explaint.analysis.tokens.CorrespondenceResult;
import org.explaint.analysis.tokens.CorrespondenceSettings;
import org.explaint.analysis.tokens.DependencySentence;
import org.explaint.analysis.tokens.FittedMaps;
import org.explaint.analysis.tokens.HeadClaim;
import org.explaint.analysis.tokens.HeadClaims;
import org.explaint.analysis.tokens.MapFitter;
import org.explaint.analysis.tokens.SentenceBootstrap;
import org.explaint.analysis.tokens.SentenceListener;
import org.explaint.analysis.tokens.StateExtractor;
import org.explaint.analysis.tokens.TokenCorrespondence;
import org.explaint.analysis.tokens.TokensReport;
import org.explaint.analysis.tokens.VerdictRule;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.TokenSequence;
import org.explaint.text.Encoding;
import org.explaint.text.conllu.Sentence;
import org.explaint.text.conllu.Word;

/**
 * The token-correspondence analysis ({@code explaint tokens}) as a Spark job.
 *
 * <p>The driver reads the treebank, encodes every sentence and drops those too long for the
 * model, numbering the rest as {@code explaint tokens} does; it computes the same seeded split
 * into training and held-out sentences ({@link TokenCorrespondence#split}). Then:
 *
 * <ol>
 *   <li>Pass 1 is a Spark job over contiguous partitions of the training sentences, shipped as
 *       CoNLL-U text. Each task scores its sentences with {@link TokenCorrespondence#score}, the
 *       code of the single-machine run, and returns its accumulator (and with {@code --heads} its
 *       claim tally) as JSON text: a task's result, never an accumulator or a side effect, so a
 *       task that fails and is retried counts its sentences once.</li>
 *   <li>The driver fits the linear and MLP maps. It runs the forward passes of the few fitting
 *       sentences again itself rather than receiving their states: the passes are deterministic,
 *       and the states are far larger than the maps.</li>
 *   <li>The maps are broadcast (Java serialisation keeps every bit) and pass 2 runs over the
 *       held-out sentences the same way.</li>
 *   <li>The driver merges the parts (accumulators and tallies order sentences by id, so merge
 *       order does not matter), summarises, judges the claims and builds the document with
 *       {@link TokensReport}, as {@code explaint tokens} does, so the JSON is byte for byte the
 *       same.</li>
 * </ol>
 */
public final class SparkTokens {
    private SparkTokens() {
    }

    /**
     * What to run; the same choices as {@code explaint tokens}.
     *
     * @param model         built-in model name or model path (must be readable on every executor)
     * @param treebank      CoNLL-U file, any Hadoop path; written into the result as given
     * @param limit         most sentences; 0 or less: all
     * @param seed          seed of the split, the MLP and the bootstrap
     * @param flowMaxLength attention flow only for sentences of at most this many positions
     * @param trainFraction share of sentences the maps are fitted on
     * @param resamples     bootstrap resamples
     * @param heads         heads.json from {@code explaint heads} (a local file on the driver), or null
     * @param partitions    partitions per pass; 0: twice the default parallelism
     */
    public record Options(String model, String treebank, int limit, long seed, int flowMaxLength,
                          double trainFraction, int resamples, String heads, int partitions)
            implements Serializable {
    }

    /** Runs the analysis on this Spark context and returns the JSON document. */
    public static Map<String, Object> run(JavaSparkContext spark, Options o) {
        return run(spark, o, -1);
    }

    /**
     * As {@link #run(JavaSparkContext, Options)}; for tests, the first attempt of the task of
     * partition {@code failPartition} of each pass throws (-1: none), to show that a retried task
     * counts once.
     */
    static Map<String, Object> run(JavaSparkContext spark, Options o, int failPartition) {
        if (!(o.trainFraction() > 0 && o.trainFraction() < 1) || o.flowMaxLength() < 0 || o.resamples() < 10) {
            throw new ExplaintException("invalid settings: --train-fraction in (0, 1) (got " + o.trainFraction()
                    + "), --flow-max-length >= 0 (got " + o.flowMaxLength() + "), --resamples >= 10 (got "
                    + o.resamples() + ")");
        }
        LoadedModel loaded = ExecutorModels.model(o.model());
        ModelConfig config = loaded.transformer().config();

        // Sentences: as explaint tokens chooses and numbers them (strict reading, then the ones
        // too long for the model's position table dropped).
        Corpus corpus = Corpus.read(o.treebank(), spark.hadoopConfiguration(), o.limit() > 0 ? o.limit() : -1,
                false);
        List<SentenceBlock> usable = new ArrayList<>();
        List<TokenSequence> sequences = new ArrayList<>();
        for (SentenceBlock block : corpus.blocks()) {
            Encoding e = loaded.tokenizer().encodeWords(block.parse(o.treebank()).forms());
            if (e.length() > config.maxPositions()) {
                continue;
            }
            usable.add(new SentenceBlock(usable.size(), block.firstLine(), block.text()));
            sequences.add(new TokenSequence(e.ids(), e.segments()));
        }
        int skipped = corpus.blocks().size() - usable.size();
        if (usable.size() < 2) {
            throw new ExplaintException(o.treebank() + " gave " + usable.size() + " usable sentences; the "
                    + "analysis needs at least 2 (one to fit maps on, one to score)");
        }

        // Claims, read once on the driver (which also checks them against the model) and shipped.
        List<HeadClaim> claims = o.heads() == null ? null : HeadClaims.read(Path.of(o.heads()));
        ClaimRescorer rescorer = claims == null ? null : new ClaimRescorer(claims, config.layers(), config.heads());

        // The driver's own copy of the analysis: the split, the map fit and the summary.
        CorrespondenceSettings settings = settings(o, Runtime.getRuntime().availableProcessors());
        StateExtractor extractor = new StateExtractor(loaded.transformer(), UnaryOperator.identity());
        TokenCorrespondence driver = new TokenCorrespondence(extractor, settings);
        int layers = extractor.layers().count();
        TokenCorrespondence.Split split = driver.split(sequences);
        int partitions = Math.max(1, o.partitions() > 0 ? o.partitions() : 2 * spark.defaultParallelism());

        // Pass 1, the fit, pass 2.
        Parts total = pass(spark, usable, split.training(), new ScoreTokens(o, claims, null, failPartition),
                partitions, layers);
        FittedMaps maps = driver.fitMaps(split, id -> driver.states(id, sequences.get(id)));
        Broadcast<FittedMaps> shipped = spark.broadcast(maps);
        try {
            Parts heldOut = pass(spark, usable, split.heldOut(), new ScoreTokens(o, claims, shipped, failPartition),
                    partitions, layers);
            total.accumulator().merge(heldOut.accumulator());
            total.tally().merge(heldOut.tally());
        } finally {
            shipped.destroy();
        }

        CorrespondenceResult result = driver.summarise(total.accumulator(), maps);
        VerdictRule rule = VerdictRule.standard();
        List<ClaimVerdict> verdicts = rescorer == null ? null
                : rescorer.judge(total.tally().sorted(), result, rule, new SentenceBootstrap(o.resamples(), o.seed()));
        var run = new TokensReport.Run(o.model(), o.treebank(), config.family(), skipped, o.seed(),
                o.flowMaxLength());
        return TokensReport.document(run, result, verdicts, rule);
    }

    /** The document as JSON bytes, with the settings {@code explaint tokens} writes it with. */
    public static byte[] toJson(Map<String, Object> document) {
        try {
            return TokensReport.mapper().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the token-correspondence result: " + e.getMessage(), e);
        }
    }

    /** Writes the document's JSON to a Hadoop path (local, hdfs://, ...), replacing an old file. */
    public static void write(Map<String, Object> document, String out, JavaSparkContext spark) {
        byte[] json = toJson(document);
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(out);
            FileSystem fs = path.getFileSystem(spark.hadoopConfiguration());
            fs.setWriteChecksum(false); // no .crc file beside a local result
            try (OutputStream o = fs.create(path, true)) {
                o.write(json);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ExplaintException("cannot write " + out + " (" + e.getMessage()
                    + "); choose an output path in a folder that exists and is writable", e);
        }
    }

    /** The settings of {@code explaint tokens} for these options; threads only speed the map fit. */
    private static CorrespondenceSettings settings(Options o, int threads) {
        return new CorrespondenceSettings(Math.max(1, threads), o.seed(), o.trainFraction(), o.flowMaxLength(),
                o.resamples(), MapFitter.Settings.defaults(o.seed()));
    }

    /** A pass's merged parts. */
    private record Parts(CorrespondenceAccumulator accumulator, ClaimTally tally) {
    }

    /** Runs one pass over the given sentence ids as a Spark job and merges the tasks' parts. */
    private static Parts pass(JavaSparkContext spark, List<SentenceBlock> usable, int[] ids, ScoreTokens task,
                              int partitions, int layers) {
        List<SentenceBlock> chosen = new ArrayList<>();
        for (int id : ids) {
            chosen.add(usable.get(id));
        }
        CorrespondenceAccumulator accumulator = new CorrespondenceAccumulator(layers);
        ClaimTally tally = new ClaimTally();
        List<TaskPart> parts = spark.parallelize(chosen, Math.min(partitions, chosen.size()))
                .mapPartitions(task).collect();
        for (TaskPart part : parts) {
            accumulator.merge(CorrespondenceAccumulator.fromJson(part.accumulator()));
            tally.merge(ClaimTally.fromJson(part.claims()));
        }
        return new Parts(accumulator, tally);
    }

    /**
     * What one task returns: its accumulator and claim tally as JSON text.
     *
     * @param accumulator {@link CorrespondenceAccumulator#toJson}
     * @param claims      {@link ClaimTally#toJson} (an empty list without claims)
     */
    record TaskPart(String accumulator, String claims) implements Serializable {
    }

    /**
     * The task: scores one partition's sentences (pass 1 without maps, pass 2 with the broadcast
     * maps). A static class with plain fields, so what Spark serialises is a few strings,
     * numbers, the claims and the broadcast handle.
     */
    private static final class ScoreTokens implements FlatMapFunction<Iterator<SentenceBlock>, TaskPart> {
        private static final long serialVersionUID = 1L;
        private final Options options;
        private final ArrayList<HeadClaim> claims;
        private final Broadcast<FittedMaps> maps;
        private final int failPartition;

        ScoreTokens(Options o, List<HeadClaim> claims, Broadcast<FittedMaps> maps, int failPartition) {
            this.options = o;
            this.claims = claims == null ? null : new ArrayList<>(claims);
            this.maps = maps;
            this.failPartition = failPartition;
        }

        @Override
        public Iterator<TaskPart> call(Iterator<SentenceBlock> part) {
            TaskContext task = TaskContext.get();
            if (task != null && task.partitionId() == failPartition && task.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure of the first attempt of partition "
                        + failPartition + " (a test of task retries)");
            }
            LoadedModel loaded = ExecutorModels.model(options.model());
            ModelConfig config = loaded.transformer().config();

            // The partition's sentences by id, parsed and encoded as on the driver.
            Map<Integer, TokenSequence> sequences = new HashMap<>();
            Map<Integer, Encoding> encodings = new HashMap<>();
            Map<Integer, DependencySentence> sentences = new HashMap<>();
            List<Integer> ids = new ArrayList<>();
            while (part.hasNext()) {
                SentenceBlock b = part.next();
                Sentence s = b.parse(options.treebank());
                Encoding e = loaded.tokenizer().encodeWords(s.forms());
                ids.add(b.index());
                sequences.put(b.index(), new TokenSequence(e.ids(), e.segments()));
                encodings.put(b.index(), e);
                sentences.put(b.index(), dependencies(s));
            }

            // Score them on this task's thread; Spark's cores are the parallelism.
            ClaimTally tally = new ClaimTally();
            ClaimRescorer rescorer = claims == null ? null
                    : new ClaimRescorer(claims, config.layers(), config.heads());
            SentenceListener listener = rescorer == null ? SentenceListener.none()
                    : s -> tally.add(rescorer.observe(s, encodings.get(s.sentenceId()), sentences.get(s.sentenceId())));
            TokenCorrespondence analysis = new TokenCorrespondence(
                    new StateExtractor(loaded.transformer(), UnaryOperator.identity()), settings(options, 1));
            CorrespondenceAccumulator acc = analysis.score(sequences::get,
                    ids.stream().mapToInt(Integer::intValue).toArray(), maps == null ? null : maps.value(), listener);
            return List.of(new TaskPart(acc.toJson(), tally.toJson())).iterator();
        }
    }

    /** The fields of a sentence the claim re-scorer reads, as {@code explaint tokens} takes them. */
    private static DependencySentence dependencies(Sentence s) {
        List<Word> words = s.words();
        return new DependencySentence(s.forms(), words.stream().mapToInt(Word::head).toArray(),
                words.stream().map(Word::relation).toArray(String[]::new));
    }
}
