package org.explaint.analysis.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.explaint.analysis.mapping.ConceptAlignment;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.explaint.runtime.testing.RandomWeights;
import org.explaint.text.Encoding;
import org.explaint.text.norms.FeatureNorms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingsTest {
    @TempDir
    Path dir;

    private static Transformer tinyModel() {
        return new Transformer(RandomWeights.tinyEncoder(),
                RandomWeights.forConfig(RandomWeights.tinyEncoder(), 3, 0.1f));
    }

    @Test
    void staticEmbeddingIsTheMeanOfThePiecesRowsOrTheFirstPiece() {
        Transformer model = tinyModel();
        PieceTokenizer tok = new PieceTokenizer(model.config().vocabSize());
        Tensor table = model.tokenEmbeddings();
        WordVectors mean = StaticEmbeddings.of(model, tok, List.of("accordion"),
                StaticEmbeddings.Pooling.MEAN);
        WordVectors first = StaticEmbeddings.of(model, tok, List.of("accordion"),
                StaticEmbeddings.Pooling.FIRST_PIECE);
        int[] ids = {tok.idOf("acc"), tok.idOf("ord"), tok.idOf("ion")};
        for (int j = 0; j < table.dim(1); j++) {
            double expected = (table.get(ids[0], j) + table.get(ids[1], j) + table.get(ids[2], j)) / 3.0;
            assertEquals(expected, mean.vector("accordion")[j], 1e-6);
            assertEquals(table.get(ids[0], j), first.vector("accordion")[j], 1e-7);
        }
    }

    @Test
    void contextualEmbeddingAveragesOccurrencesAndMergesAccumulators() {
        Transformer model = tinyModel();
        PieceTokenizer tok = new PieceTokenizer(model.config().vocabSize());
        List<String> s1 = List.of("the", "dog", "barks");
        List<String> s2 = List.of("a", "Dog.", "sleeps");
        int layers = model.config().layers();
        int hidden = model.config().hidden();
        ContextualEmbeddings a = new ContextualEmbeddings(layers, hidden, Set.of("dog"));
        ContextualEmbeddings b = new ContextualEmbeddings(layers, hidden, Set.of("dog"));
        a.addSentence(model, tok, s1);
        b.addSentence(model, tok, s2);
        a.merge(b);
        assertEquals(2, a.count("dog"));

        // expected: mean over the two occurrences of the word's piece states at the last layer
        int last = layers - 1;
        double[] expected = new double[hidden];
        for (List<String> s : List.of(s1, s2)) {
            Encoding enc = tok.encodeWords(s);
            Hooks hooks = Hooks.capture(List.of(HookNames.residPost(last)));
            model.forward(TokenBatch.of(new TokenSequence(enc.ids(), enc.segments())), hooks);
            Tensor states = hooks.cache(0).get(HookNames.residPost(last));
            int[] pos = enc.positionsByWord().get(1);
            for (int p : pos) {
                for (int j = 0; j < hidden; j++) {
                    expected[j] += states.get(p, j) / pos.length / 2;
                }
            }
        }
        assertArrayEquals(expected, a.layer(last).vector("dog"), 1e-6);
    }

    @Test
    void contextualCorpusMayBeATreebankOrPlainText() throws IOException {
        Transformer model = tinyModel();
        PieceTokenizer tok = new PieceTokenizer(model.config().vocabSize());
        Path conllu = dir.resolve("t.conllu");
        Files.writeString(conllu, "# text = the dog barks\n"
                + "1\tthe\tthe\tDET\t_\t_\t2\tdet\t_\t_\n"
                + "2\tdog\tdog\tNOUN\t_\t_\t3\tnsubj\t_\t_\n"
                + "3\tbarks\tbark\tVERB\t_\t_\t0\troot\t_\t_\n\n");
        Path text = Files.writeString(dir.resolve("t.txt"), "the dog barks\n");
        int layers = model.config().layers();
        int hidden = model.config().hidden();
        ContextualEmbeddings fromTreebank = new ContextualEmbeddings(layers, hidden, Set.of("dog"));
        fromTreebank.addCorpus(model, tok, conllu, 10);
        ContextualEmbeddings fromText = new ContextualEmbeddings(layers, hidden, Set.of("dog"));
        fromText.addCorpus(model, tok, text, 10);
        assertEquals(1, fromTreebank.count("dog"));
        assertArrayEquals(fromText.layer(0).vector("dog"), fromTreebank.layer(0).vector("dog"), 1e-12);
    }

    @Test
    void wordVectorFilesReadWithOrWithoutHeaderAndNameBadLines() throws IOException {
        Path p = dir.resolve("vec.txt");
        Files.writeString(p, "2 3\ndog 1 2 3\nfire 0.5 0 -1\n");
        WordVectors v = WordVectors.read(p);
        assertEquals(3, v.dimension());
        assertArrayEquals(new double[] {0.5, 0, -1}, v.vector("fire"));
        Path glove = dir.resolve("glove.txt");
        Files.writeString(glove, "dog 1 2\ncat 1 2 3\n");
        ExplaintException e = assertThrows(ExplaintException.class, () -> WordVectors.read(glove));
        assertTrue(e.getMessage().contains("glove.txt line 2"), e.getMessage());
    }

    @Test
    void conceptsAreAlignedByPolicyAndMissingOnesAreListed() throws IOException {
        Path p = dir.resolve("vec.txt");
        Files.writeString(p, "dog 1 2\nfire 2 0\nhydrant 0 4\nbat 1 1\n");
        WordVectors v = WordVectors.read(p);
        FeatureNorms norms = new FeatureNorms("t",
                List.of("dog", "fire_hydrant", "bat_(animal)", "bat_(baseball)", "zebra"),
                List.of("f"), new double[][] {{1}, {2}, {3}, {4}, {5}});
        ConceptAlignment a = ConceptAlignment.of(norms, v::vector);
        assertEquals(List.of("dog", "fire_hydrant", "bat_(animal)", "bat_(baseball)"), a.concepts());
        assertEquals(List.of("zebra"), a.missing());
        assertEquals(List.of("bat_(animal)", "bat_(baseball)"), a.sharedWords());
        assertArrayEquals(new double[] {1, 2}, a.x()[1]);
        assertNull(v.vector("zebra"));
    }
}
