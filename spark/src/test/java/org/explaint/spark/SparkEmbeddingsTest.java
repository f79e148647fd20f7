package org.explaint.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.explaint.analysis.embeddings.ContextualEmbeddings;
import org.explaint.analysis.embeddings.WordVectors;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contextual embeddings computed by Spark tasks equal, bit for bit, those of one pass on one
 * machine (the path `explaint map --embeddings contextual` takes), and survive the word2vec file.
 */
class SparkEmbeddingsTest {
    private static final List<String> WORDS = List.of("the", "of", "to", "and", "in", "is", "that", "for",
            "it", "was", "would", "people");
    private static final int SENTENCES = 120;

    @Test
    void sparkVectorsEqualOnePassBitForBit(@TempDir Path dir) {
        LoadedModel model = ModelCatalog.load("minilm");
        int layers = model.transformer().config().layers();
        ContextualEmbeddings one = new ContextualEmbeddings(layers, model.transformer().config().hidden(),
                Set.copyOf(WORDS));
        one.addCorpus(model.transformer(), model.tokenizer(), TestData.ewtDev(), SENTENCES);
        WordVectors expected = one.layer(2);

        SparkSession session = SparkSession.builder().master("local[2]").appName("SparkEmbeddingsTest")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            WordVectors got = SparkEmbeddings.run(session, new SparkEmbeddings.Options("minilm",
                    TestData.ewtDev().toString(), WORDS, 2, SENTENCES, 5));
            assertEquals(expected.words(), got.words());
            assertTrue(got.words().size() >= 8, "most target words occur: " + got.words());
            for (String w : expected.words()) {
                assertArrayEquals(expected.vector(w), got.vector(w), 0.0, w);
            }

            Path file = dir.resolve("vectors.txt");
            SparkEmbeddings.write(got, file.toString(), session.sparkContext().hadoopConfiguration());
            WordVectors read = WordVectors.read(file);
            for (String w : expected.words()) {
                assertArrayEquals(expected.vector(w), read.vector(w), 0.0, w + " after the file");
            }
        } finally {
            session.stop();
        }
    }
}
