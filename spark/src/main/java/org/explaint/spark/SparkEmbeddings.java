package org.explaint.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.explaint.analysis.embeddings.ContextualEmbeddings;
import org.explaint.analysis.embeddings.WordVectors;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.kernels.ParallelRanges;

/**
 * Contextual word embeddings over a corpus too large for one machine: for each target word, its
 * state after a chosen block averaged over every occurrence, as {@code explaint map --embeddings
 * contextual} computes them, written as a word2vec text file that {@code map --embeddings FILE}
 * reads.
 *
 * <p>Each task runs its partition's sentences into its own {@link ContextualEmbeddings} and
 * returns it as the task's result (so a retried task counts once); the driver merges them. The
 * accumulator's sums are exact fixed-point integers, so the vectors are bit for bit those of one
 * pass over the whole corpus, however it was partitioned.
 */
public final class SparkEmbeddings {

    /**
     * What to compute.
     *
     * @param model        built-in name or a path readable on every executor
     * @param corpus       CoNLL-U (.conllu; malformed sentences skipped) or plain text, one
     *                     sentence per line; any Hadoop path
     * @param words        the target words (matched case-insensitively, edge punctuation stripped)
     * @param layer        the block whose output is averaged, 0-based; negative: the last
     * @param maxSentences most sentences read
     * @param partitions   Spark partitions; 0 or less: twice the default parallelism
     */
    public record Options(String model, String corpus, List<String> words, int layer, int maxSentences,
                          int partitions) {
    }

    private SparkEmbeddings() {
    }

    /** Runs the job and returns the averaged vectors of the words that occur. */
    public static WordVectors run(SparkSession session, Options o) {
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
        ModelConfig config = ExecutorModels.model(o.model()).transformer().config();
        int layer = o.layer() < 0 ? config.layers() - 1 : o.layer();
        if (layer >= config.layers()) {
            throw new ExplaintException("--layer " + o.layer() + " does not exist: the model has "
                    + config.layers() + " blocks, 0 to " + (config.layers() - 1));
        }
        Corpus corpus = Corpus.read(o.corpus(), spark.hadoopConfiguration(), o.maxSentences(), true);
        int partitions = o.partitions() > 0 ? o.partitions() : 2 * spark.defaultParallelism();
        List<ContextualEmbeddings> parts = spark.parallelize(corpus.blocks(), Math.max(1, partitions))
                .mapPartitions(new Part(o.model(), o.corpus(), config.layers(), config.hidden(), o.words()))
                .collect();
        ContextualEmbeddings total = new ContextualEmbeddings(config.layers(), config.hidden(),
                Set.copyOf(o.words()));
        parts.forEach(total::merge);
        return total.layer(layer);
    }

    /** Writes vectors as a word2vec text file (a header line, then one word and its numbers per line). */
    public static void write(WordVectors vectors, String out, org.apache.hadoop.conf.Configuration hadoop) {
        try {
            Path path = new Path(out);
            FileSystem fs = path.getFileSystem(hadoop);
            try (OutputStream stream = fs.create(path, true);
                 PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
                w.printf(Locale.ROOT, "%d %d%n", vectors.words().size(), vectors.dimension());
                for (String word : vectors.words()) {
                    StringBuilder line = new StringBuilder(word);
                    for (double v : vectors.vector(word)) {
                        line.append(' ').append(v); // Double.toString reads back to the same double
                    }
                    w.println(line);
                }
            }
        } catch (IOException e) {
            throw new ExplaintException("cannot write " + out + ": " + e.getMessage()
                    + "; choose a writable path", e);
        }
    }

    /** The task: its sentences into one accumulator, returned as the task's only result. */
    private static final class Part implements FlatMapFunction<Iterator<SentenceBlock>, ContextualEmbeddings> {
        private static final long serialVersionUID = 1L;
        private final String model;
        private final String corpus;
        private final int layers;
        private final int hidden;
        private final ArrayList<String> words;

        Part(String model, String corpus, int layers, int hidden, List<String> words) {
            this.model = model;
            this.corpus = corpus;
            this.layers = layers;
            this.hidden = hidden;
            this.words = new ArrayList<>(words);
        }

        @Override
        public Iterator<ContextualEmbeddings> call(Iterator<SentenceBlock> part) {
            ParallelRanges.keepKernelsOnThisThread();
            LoadedModel loaded = ExecutorModels.model(model);
            ContextualEmbeddings acc = new ContextualEmbeddings(layers, hidden, Set.copyOf(words));
            while (part.hasNext()) {
                acc.addSentence(loaded.transformer(), loaded.tokenizer(), part.next().words(corpus));
            }
            return List.of(acc).iterator();
        }
    }
}
