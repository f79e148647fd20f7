package org.explaint.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.explaint.runtime.kernels.ParallelRanges;
import org.explaint.text.Encoding;

/**
 * Writes the activations at chosen hook points for every token of a treebank as Parquet, one row
 * per (sentence, position, hook), for analysis in Spark SQL, pandas or DuckDB.
 *
 * <p>Columns: {@code sentence_id} (0-based, numbered like {@code explaint heads}),
 * {@code position} (token position, special tokens included), {@code piece} (the token's text),
 * {@code word} (0-based word index in the sentence, -1 for special tokens), {@code layer} (-1 for
 * hooks outside the blocks), {@code hook} (e.g. {@code blocks.0.resid_post}) and {@code vector}
 * (the activation at that position, {@code array<float>}). Hooks whose activation is not one
 * vector per position (attention patterns) are refused.
 *
 * <p>Sentences are chosen and shipped as in {@link SparkHeads}; sentences longer than the
 * model's position table are left out (and logged), as the head probe leaves them out.
 */
public final class ActivationExport {
    private static final Logger LOG = Logger.getLogger(ActivationExport.class.getName());

    /** The Parquet schema. */
    public static final StructType SCHEMA = new StructType()
            .add("sentence_id", DataTypes.IntegerType, false)
            .add("position", DataTypes.IntegerType, false)
            .add("piece", DataTypes.StringType, false)
            .add("word", DataTypes.IntegerType, false)
            .add("layer", DataTypes.IntegerType, false)
            .add("hook", DataTypes.StringType, false)
            .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private ActivationExport() {
    }

    /**
     * What to export.
     *
     * @param model      built-in model name or model path
     * @param treebank   CoNLL-U file (.conllu) or plain text, one sentence per line; any Hadoop path
     * @param hooks      hook point names, e.g. {@code blocks.0.resid_post}
     * @param limit      most sentences; negative: all
     * @param batch      sentences per forward pass
     * @param lenient    skip malformed sentences instead of failing
     * @param partitions partitions; 0: twice the default parallelism
     */
    public record Options(String model, String treebank, List<String> hooks, int limit, int batch,
                          boolean lenient, int partitions) {
    }

    /**
     * Runs the export and writes Parquet to {@code out} (a folder, replaced if it exists).
     *
     * @return the number of rows written
     */
    public static long run(SparkSession session, Options o, String out) {
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
        checkHooks(ExecutorModels.model(o.model()), o.hooks());
        Corpus corpus = Corpus.read(o.treebank(), spark.hadoopConfiguration(), o.limit(), o.lenient());
        int partitions = o.partitions() > 0 ? o.partitions() : 2 * spark.defaultParallelism();
        JavaRDD<Row> rows = spark.parallelize(corpus.blocks(), Math.max(1, partitions))
                .mapPartitions(new ExportPartition(o));
        Dataset<Row> table = session.createDataFrame(rows, SCHEMA);
        table.write().mode(SaveMode.Overwrite).parquet(out);
        return session.read().parquet(out).count();
    }

    /**
     * Refuses, on the driver and before any task runs, hook names the model does not have and
     * hooks that do not hold one vector per token: a one-word pass shows each hook's shape.
     */
    static void checkHooks(LoadedModel model, List<String> hooks) {
        ModelConfig config = model.transformer().config();
        for (String hook : hooks) {
            if (!HookNames.isKnown(config, hook)) {
                throw new ExplaintException("unknown hook point '" + hook + "' for this " + config.layers()
                        + "-layer model; use names like " + HookNames.residPost(0) + " or "
                        + HookNames.EMBED);
            }
        }
        Encoding probe = model.tokenizer().encodeWords(List.of("word"));
        Hooks capture = Hooks.capture(hooks);
        model.transformer().forward(new TokenBatch(List.of(new TokenSequence(probe.ids(), probe.segments()))),
                capture);
        for (String hook : hooks) {
            checkShape(hook, capture.cache(0).get(hook).shape(), probe.length());
        }
    }

    private static void checkShape(String hook, int[] shape, int tokens) {
        if (shape.length != 2 || shape[0] != tokens) {
            throw new ExplaintException("hook point " + hook + " holds an activation of shape "
                    + java.util.Arrays.toString(shape) + ", not one vector per token; "
                    + "export residual-stream, MLP or attention-output hooks such as blocks.0.resid_post");
        }
    }

    /** The task: one forward pass per batch, one row per position and hook. */
    private static final class ExportPartition implements FlatMapFunction<Iterator<SentenceBlock>, Row> {
        private static final long serialVersionUID = 1L;
        private final String model;
        private final String treebank;
        private final List<String> hooks;
        private final int batch;

        ExportPartition(Options o) {
            this.model = o.model();
            this.treebank = o.treebank();
            this.hooks = List.copyOf(o.hooks());
            this.batch = o.batch();
        }

        @Override
        public Iterator<Row> call(Iterator<SentenceBlock> part) {
            ParallelRanges.keepKernelsOnThisThread();
            LoadedModel loaded = ExecutorModels.model(model);
            Transformer transformer = loaded.transformer();
            int maxPositions = transformer.config().maxPositions();
            List<Row> rows = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            List<Encoding> encodings = new ArrayList<>();
            while (part.hasNext()) {
                SentenceBlock b = part.next();
                Encoding e = loaded.tokenizer().encodeWords(b.words(treebank));
                if (e.length() > maxPositions) {
                    LOG.warning(() -> "left out sentence " + b.index() + " (line " + b.firstLine() + "): " + e.length()
                            + " tokens, longer than the model's " + maxPositions + " positions");
                    continue;
                }
                ids.add(b.index());
                encodings.add(e);
                if (encodings.size() == batch) {
                    emit(transformer, ids, encodings, rows);
                }
            }
            emit(transformer, ids, encodings, rows);
            return rows.iterator();
        }

        private void emit(Transformer transformer, List<Integer> ids, List<Encoding> encodings, List<Row> rows) {
            if (encodings.isEmpty()) {
                return;
            }
            List<TokenSequence> sequences = new ArrayList<>();
            for (Encoding e : encodings) {
                sequences.add(new TokenSequence(e.ids(), e.segments()));
            }
            Hooks capture = Hooks.capture(hooks);
            transformer.forward(new TokenBatch(sequences), capture);
            for (int i = 0; i < encodings.size(); i++) {
                Encoding e = encodings.get(i);
                for (String hook : hooks) {
                    var value = capture.cache(i).get(hook);
                    checkShape(hook, value.shape(), e.length());
                    int layer = HookNames.layerOf(hook);
                    for (int p = 0; p < e.length(); p++) {
                        float[] v = value.slice(p).toArray();
                        Float[] boxed = new Float[v.length];
                        for (int k = 0; k < v.length; k++) {
                            boxed[k] = v[k];
                        }
                        String piece = e.pieces().get(p) != null ? e.pieces().get(p) : Integer.toString(e.ids()[p]);
                        rows.add(RowFactory.create(ids.get(i), p, piece, e.wordOf()[p], layer, hook, boxed));
                    }
                }
            }
            ids.clear();
            encodings.clear();
        }
    }
}
