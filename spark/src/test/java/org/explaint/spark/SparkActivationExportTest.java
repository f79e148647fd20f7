package org.explaint.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.testing.TestData;
import org.explaint.text.Encoding;
import org.explaint.text.conllu.Sentence;
import org.explaint.text.conllu.Treebank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet export holds one row per token and hook, with the vectors a direct pass gives. */
class SparkActivationExportTest {
    private static final List<String> HOOKS = List.of("blocks.0.resid_post", "blocks.5.resid_post");
    private static final int SENTENCES = 6;

    @Test
    void hooksWithoutOneVectorPerTokenAreRefusedBeforeTheJob() {
        LoadedModel model = ModelCatalog.load("minilm");
        String m = assertThrows(ExplaintException.class, () -> ActivationExport.checkHooks(model,
                List.of("blocks.0.resid_post", "blocks.0.attn.pattern"))).getMessage();
        assertTrue(m.contains("blocks.0.attn.pattern") && m.contains("one vector per token"), m);
        m = assertThrows(ExplaintException.class,
                () -> ActivationExport.checkHooks(model, List.of("blocks.9.resid_post"))).getMessage();
        assertTrue(m.contains("unknown hook point 'blocks.9.resid_post'"), m);
    }

    @Test
    void parquetRowsMatchADirectForwardPass(@TempDir Path dir) {
        String out = dir.resolve("activations.parquet").toString();
        SparkSession session = SparkSession.builder().master("local[2]").appName("SparkActivationExportTest")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            var options = new ActivationExport.Options("minilm", TestData.ewtDev().toString(), HOOKS,
                    SENTENCES, 4, false, 3);
            long written = ActivationExport.run(session, options, out);

            LoadedModel model = ModelCatalog.load("minilm");
            List<Sentence> sentences = Treebank.readAll(TestData.ewtDev(), false).subList(0, SENTENCES);
            List<Row> rows = session.read().parquet(out).orderBy("sentence_id", "hook", "position")
                    .collectAsList();
            long expected = 0;
            int r = 0;
            for (int s = 0; s < SENTENCES; s++) {
                Encoding e = model.tokenizer().encodeWords(sentences.get(s).forms());
                expected += (long) e.length() * HOOKS.size();
                Hooks capture = Hooks.capture(HOOKS);
                model.transformer().forward(new TokenBatch(List.of(new TokenSequence(e.ids(), e.segments()))),
                        capture);
                for (String hook : HOOKS) { // "blocks.0..." sorts before "blocks.5..."
                    for (int p = 0; p < e.length(); p++, r++) {
                        Row row = rows.get(r);
                        assertEquals(s, row.getInt(row.fieldIndex("sentence_id")));
                        assertEquals(hook, row.getString(row.fieldIndex("hook")));
                        assertEquals(p, row.getInt(row.fieldIndex("position")));
                        assertEquals(e.pieces().get(p), row.getString(row.fieldIndex("piece")));
                        assertEquals(e.wordOf()[p], row.getInt(row.fieldIndex("word")));
                        assertEquals(hook.startsWith("blocks.0") ? 0 : 5, row.getInt(row.fieldIndex("layer")));
                        List<Float> stored = row.getList(row.fieldIndex("vector"));
                        float[] vector = new float[stored.size()];
                        for (int k = 0; k < vector.length; k++) {
                            vector[k] = stored.get(k);
                        }
                        assertArrayEquals(capture.cache(0).get(hook).slice(p).toArray(), vector,
                                "sentence " + s + " " + hook + " position " + p);
                    }
                }
            }
            assertEquals(expected, written);
            assertEquals(expected, rows.size());
        } finally {
            session.stop();
        }
    }

    @Test
    void aPlainTextCorpusIsExportedOneSentencePerLine(@TempDir Path dir) throws java.io.IOException {
        Path text = java.nio.file.Files.writeString(dir.resolve("corpus.txt"),
                "The cat sat on the mat .\n\nA dog barked .\n");
        String out = dir.resolve("plain.parquet").toString();
        SparkSession session = SparkSession.builder().master("local[2]").appName("SparkActivationExportTest")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            var options = new ActivationExport.Options("minilm", text.toString(), List.of("blocks.0.resid_post"),
                    -1, 4, false, 2);
            long written = ActivationExport.run(session, options, out);

            LoadedModel model = ModelCatalog.load("minilm");
            long expected = model.tokenizer().encodeWords(List.of("The", "cat", "sat", "on", "the", "mat", "."))
                    .length() + model.tokenizer().encodeWords(List.of("A", "dog", "barked", ".")).length();
            assertEquals(expected, written);
            assertEquals(2, session.read().parquet(out).select("sentence_id").distinct().count());
        } finally {
            session.stop();
        }
    }

    @Test
    void theHeadProbeRefusesAPlainTextCorpus() {
        SentenceBlock line = new SentenceBlock(0, 1, "no tree here", true);
        String m = assertThrows(ExplaintException.class, () -> line.parse("corpus.txt")).getMessage();
        assertTrue(m.contains("needs dependency trees") && m.contains("corpus.txt"), m);
        assertEquals(List.of("no", "tree", "here"), line.words("corpus.txt"));
    }
}
