package org.explaint.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.explaint.analysis.heads.HeadProbe;
import org.explaint.analysis.heads.HeadProbeResult;
import org.explaint.analysis.heads.HeadProbeSummary;
import org.explaint.analysis.heads.HeadProbeTally;
import org.explaint.analysis.heads.RandomInitialisation;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.Transformer;
import org.explaint.text.conllu.Sentence;

/**
 * The head-probing analysis ({@code explaint heads}) as a Spark job.
 *
 * <p>The driver reads the treebank and numbers its sentences ({@link Corpus}); contiguous ranges
 * of sentences become partitions, shipped as CoNLL-U text. Each task parses its blocks, takes the
 * model from a per-JVM cache ({@link ExecutorModels}) and scores them with
 * {@link HeadProbe#score}, the code the single-machine run uses. A task's tally comes back as
 * the task's result (JSON text), never through an accumulator or a side effect, so a task that
 * fails and is retried contributes its sentences once. The driver merges the tallies (merge
 * order does not matter: a tally orders sentences by corpus index) and summarises them exactly
 * as {@code explaint heads} does, so the JSON is byte for byte the same.
 */
public final class SparkHeads {
    private SparkHeads() {
    }

    /**
     * What to run; the same choices as {@code explaint heads}.
     *
     * @param model         built-in model name or model path (must be readable on every executor)
     * @param treebank      CoNLL-U file, any Hadoop path; written into the result as given
     * @param limit         most sentences; negative: all
     * @param seed          seed of the bootstrap and the random-model control
     * @param resamples     bootstrap resamples
     * @param batch         sentences per forward pass
     * @param lenient       skip malformed sentences instead of failing
     * @param randomControl also score a randomly initialised model of the same architecture
     * @param partitions    partitions to split the corpus into; 0: twice the default parallelism
     */
    public record Options(String model, String treebank, int limit, long seed, int resamples, int batch,
                          boolean lenient, boolean randomControl, int partitions) {
    }

    /** Runs the analysis on this Spark context and returns the result. */
    public static HeadProbeResult run(JavaSparkContext spark, Options o) {
        return run(spark, o, -1);
    }

    /**
     * As {@link #run(JavaSparkContext, Options)}; for tests, the first attempt of the task of
     * partition {@code failPartition} throws (-1: none), to show that a retried task counts once.
     */
    static HeadProbeResult run(JavaSparkContext spark, Options o, int failPartition) {
        Corpus corpus = Corpus.read(o.treebank(), spark.hadoopConfiguration(), o.limit(), o.lenient());
        int partitions = o.partitions() > 0 ? o.partitions() : 2 * spark.defaultParallelism();
        JavaRDD<SentenceBlock> blocks = spark.parallelize(corpus.blocks(), Math.max(1, partitions));

        // The driver needs the architecture for the description; in local mode this load is the
        // one the tasks reuse.
        LoadedModel loaded = ExecutorModels.model(o.model());
        Transformer transformer = loaded.transformer();

        HeadProbeTally real = score(blocks, new ScorePartition(o, false, failPartition), transformer);
        HeadProbeTally random = null;
        String randomModel = null;
        if (o.randomControl()) {
            random = score(blocks, new ScorePartition(o, true, failPartition), transformer);
            randomModel = RandomInitialisation.describe(o.seed());
        }
        var run = new HeadProbeSummary.RunDescription(o.model(), o.treebank(),
                transformer.config().family(), transformer.config().causal(), o.seed(), corpus.skipped());
        return HeadProbeSummary.summarise(run, real, random, randomModel, o.resamples());
    }

    /** The result as JSON bytes, with the ObjectMapper settings {@code explaint heads} uses. */
    public static byte[] toJson(HeadProbeResult result) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the head-probing result: " + e.getMessage(), e);
        }
    }

    /** Writes the result's JSON to a Hadoop path (local, hdfs://, ...), replacing an old file. */
    public static void write(HeadProbeResult result, String out, JavaSparkContext spark) {
        byte[] json = toJson(result);
        try {
            Path path = new Path(out);
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

    private static HeadProbeTally score(JavaRDD<SentenceBlock> blocks, ScorePartition task,
                                        Transformer transformer) {
        HeadProbeTally total = new HeadProbeTally(transformer.config().layers(), transformer.config().heads());
        for (String part : blocks.mapPartitions(task).collect()) {
            total.merge(HeadProbeTally.fromJson(part));
        }
        return total;
    }

    /**
     * The task: scores one partition's sentences and returns its tally as one JSON string. A
     * static class with plain fields, so what Spark serialises is a few strings and numbers.
     */
    private static final class ScorePartition implements FlatMapFunction<Iterator<SentenceBlock>, String> {
        private static final long serialVersionUID = 1L;
        private final String model;
        private final String treebank;
        private final int batch;
        private final long seed;
        private final boolean randomWeights;
        private final int failPartition;

        ScorePartition(Options o, boolean randomWeights, int failPartition) {
            this.model = o.model();
            this.treebank = o.treebank();
            this.batch = o.batch();
            this.seed = o.seed();
            this.randomWeights = randomWeights;
            this.failPartition = failPartition;
        }

        @Override
        public Iterator<String> call(Iterator<SentenceBlock> part) {
            TaskContext task = TaskContext.get();
            if (task != null && task.partitionId() == failPartition && task.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure of the first attempt of partition "
                        + failPartition + " (a test of task retries)");
            }
            List<Sentence> sentences = new ArrayList<>();
            int first = -1;
            while (part.hasNext()) {
                SentenceBlock b = part.next();
                if (first < 0) {
                    first = b.index();
                } else if (b.index() != first + sentences.size()) {
                    throw new IllegalStateException("partition sentences are not contiguous: sentence "
                            + b.index() + " follows " + (first + sentences.size() - 1));
                }
                sentences.add(b.parse(treebank));
            }
            LoadedModel loaded = ExecutorModels.model(model);
            Transformer transformer = randomWeights ? ExecutorModels.randomControl(model, seed)
                    : loaded.transformer();
            HeadProbe probe = new HeadProbe(transformer, loaded.tokenizer(), 1, batch);
            HeadProbeTally tally = probe.score(sentences, Math.max(first, 0), n -> { });
            return List.of(tally.toJson()).iterator();
        }
    }
}
