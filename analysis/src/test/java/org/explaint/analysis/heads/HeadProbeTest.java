package org.explaint.analysis.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.explaint.analysis.heads.HeadProbeResult.RelationResult;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.explaint.runtime.testing.RandomWeights;
import org.explaint.runtime.testing.TestData;
import org.explaint.text.Encoding;
import org.explaint.text.conllu.Sentence;
import org.explaint.text.conllu.Treebank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadProbeTest {
    /** A tiny encoder with a position table long enough for EWT sentences in 3-letter pieces. */
    private static ModelConfig encoder() {
        return new ModelConfig("bert", 50, 32, 2, 4, 4, 8, 64, 256, 2,
                ModelConfig.Norm.LAYER_NORM, 1e-12f, ModelConfig.NormPlacement.POST, true,
                ModelConfig.PositionEncoding.LEARNED, 0f, ModelConfig.Activation.GELU_ERF, false);
    }

    private static HeadProbeResult probe(Transformer model, boolean specials, int threads) {
        HeadProbe probe = new HeadProbe(model, new FakeTokenizer(model.config().vocabSize(), specials),
                threads, 3);
        HeadProbeTally tally;
        int treebankSkipped;
        try (Treebank t = Treebank.open(TestData.ewtDev(), false)) {
            tally = probe.run(t, 24, n -> { });
            treebankSkipped = t.skipped();
        }
        var run = new HeadProbeSummary.RunDescription("tiny", "ewt", model.config().family(),
                model.config().causal(), 5, treebankSkipped);
        return HeadProbeSummary.summarise(run, tally, tally, "same", 100);
    }

    @Test
    void oneAndTwoThreadsGiveTheSameScores() throws Exception {
        ModelConfig config = encoder();
        Transformer model = new Transformer(config, RandomWeights.forConfig(config, 3, 0.5f));
        ObjectMapper json = new ObjectMapper();
        // The runtime's float results can differ in the last bit between a pass run before and
        // after the JIT compiles its kernels (intrinsic and fallback lane reductions), whatever the
        // thread count. Hit counts are compared exactly; the special-token mass (a float mean)
        // within 1e-6.
        probe(model, true, 1);
        ObjectNode one = json.valueToTree(probe(model, true, 1));
        ObjectNode two = json.valueToTree(probe(model, true, 2));
        double[] massOne = json.treeToValue(one.remove("special_token_mass").get("per_layer"),
                double[].class);
        double[] massTwo = json.treeToValue(two.remove("special_token_mass").get("per_layer"),
                double[].class);
        assertArrayEquals(massOne, massTwo, 1e-6);
        assertEquals(one, two);

        HeadProbeResult r = probe(model, true, 2);
        assertEquals(24, r.sentencesUsed() + r.sentencesSkipped());
        assertNull(r.note());
        RelationResult all = r.relations().get("all");
        assertEquals(all.best().score(), all.randomModelScore(), 0.0);
        assertTrue(r.specialTokenMass().perLayer()[0] > 0);
    }

    @Test
    void checkpointedPartsMergeInAnyOrderToTheSameResult(@TempDir Path dir) throws Exception {
        ModelConfig config = encoder();
        Transformer model = new Transformer(config, RandomWeights.forConfig(config, 3, 0.5f));
        HeadProbe probe = new HeadProbe(model, new FakeTokenizer(config.vocabSize(), true), 1, 4);
        List<Sentence> sentences = new ArrayList<>();
        try (Treebank t = Treebank.open(TestData.ewtDev(), false)) {
            for (int i = 0; i < 12; i++) {
                sentences.add(t.next());
            }
        }
        HeadProbeTally first = probe.run(sentences.subList(0, 5).iterator(), -1, n -> { });
        HeadProbeTally second = probe.run(sentences.subList(5, 12).iterator(), -1, n -> { });
        HeadProbeTally renumbered = new HeadProbeTally(config.layers(), config.heads());
        for (SentenceTally s : second.sentences()) {
            renumbered.add(new SentenceTally(s.index() + 5, s.relations(), s.treeCorrect(),
                    s.treeEdges(), s.specialMass()));
        }
        HeadProbeTally whole = new HeadProbeTally(config.layers(), config.heads()).merge(first)
                .merge(renumbered);

        // The second part, checkpointed to disk and read back, merged before the first.
        renumbered.write(dir.resolve("part.json"));
        HeadProbeTally merged = HeadProbeTally.read(dir.resolve("part.json")).merge(first);

        var run = new HeadProbeSummary.RunDescription("tiny", "ewt", "bert", false, 5, 0);
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.writeValueAsString(HeadProbeSummary.summarise(run, whole, null, null, 50)),
                json.writeValueAsString(HeadProbeSummary.summarise(run, merged, null, null, 50)));
    }

    @Test
    void partsScoredFromTheirFirstIndexMergeToTheWholeRun() throws Exception {
        ModelConfig config = encoder();
        Transformer model = new Transformer(config, RandomWeights.forConfig(config, 3, 0.5f));
        HeadProbe probe = new HeadProbe(model, new FakeTokenizer(config.vocabSize(), true), 2, 3);
        List<Sentence> sentences = new ArrayList<>();
        try (Treebank t = Treebank.open(TestData.ewtDev(), false)) {
            for (int i = 0; i < 12; i++) {
                sentences.add(t.next());
            }
        }
        HeadProbeTally whole = probe.run(sentences.iterator(), -1, n -> { });
        // Two parts, as two Spark tasks would return them (JSON text), merged in reverse order.
        String first = probe.score(sentences.subList(0, 5), 0, n -> { }).toJson();
        String second = probe.score(sentences.subList(5, 12), 5, n -> { }).toJson();
        HeadProbeTally merged = HeadProbeTally.fromJson(second).merge(HeadProbeTally.fromJson(first));

        assertEquals(whole.sentences().stream().map(SentenceTally::index).toList(),
                merged.sentences().stream().map(SentenceTally::index).toList());
        var run = new HeadProbeSummary.RunDescription("tiny", "ewt", "bert", false, 5, 0);
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.writeValueAsString(HeadProbeSummary.summarise(run, whole, null, null, 50)),
                json.writeValueAsString(HeadProbeSummary.summarise(run, merged, null, null, 50)));
    }

    @Test
    void decodersScoreEachArcInOneDirectionAndSaySo() {
        ModelConfig config = RandomWeights.tinyLlama();
        Transformer model = new Transformer(config, RandomWeights.forConfig(config, 4, 0.5f));
        HeadProbeResult r = probe(model, false, 1);
        assertNotNull(r.note());
        RelationResult all = r.relations().get("all");
        assertEquals(all.count(), all.scored().get("dep->head") + all.scored().get("head->dep"));
        assertTrue(r.sentencesSkipped() > 0, "long sentences exceed the 64 positions");
        assertEquals(0.0, r.specialTokenMass().perLayer()[0], 0.0);
    }

    @Test
    void anInjectedHeadPointingPatternScoresPerfectly() {
        ModelConfig config = encoder();
        Transformer model = new Transformer(config, RandomWeights.forConfig(config, 3, 0.5f));
        Sentence sentence;
        try (Treebank t = Treebank.parse("dog", SentenceScorerTest.DOG_BARKS, false)) {
            sentence = t.next();
        }
        Encoding e = new FakeTokenizer(config.vocabSize(), true).encodeWords(
                List.of("The", "doggie", "barks", "."));

        // Every piece attends only to the first piece of its word's head (root: of itself).
        Hooks hooks = Hooks.capture(List.of(HookNames.pattern(0), HookNames.pattern(1)));
        for (int l = 0; l < config.layers(); l++) {
            hooks.intervene(HookNames.pattern(l), (hook, seq, value) -> pointAtHeads(value, e, sentence));
        }
        model.forward(TokenBatch.of(new TokenSequence(e.ids(), e.segments())), hooks);

        float[][][][] attention = new float[config.layers()][][][];
        double[][] mass = new double[config.layers()][];
        for (int l = 0; l < config.layers(); l++) {
            Tensor p = hooks.cache(0).get(HookNames.pattern(l));
            attention[l] = WordAttention.fromPieces(p, e);
            mass[l] = WordAttention.specialMass(p, e);
        }
        SentenceTally t = new SentenceScorer(false).score(0, sentence, attention, mass);
        RelationTally all = t.relations().get(SentenceScorer.ALL);
        for (int lh = 0; lh < config.layers() * config.heads(); lh++) {
            assertEquals(2, all.hits(Direction.DEP_TO_HEAD, lh));
            assertEquals(3, t.treeCorrect()[lh]);
            assertEquals(2L * 1_000_000_000L / e.length(), t.specialMass()[lh]);
        }
    }

    private static void pointAtHeads(Tensor value, Encoding e, Sentence sentence) {
        List<int[]> pieces = e.positionsByWord();
        value.fill(0f);
        int positions = e.length();
        for (int h = 0; h < value.dim(0); h++) {
            for (int q = 0; q < positions; q++) {
                int w = e.wordOf()[q];
                int target = q;
                if (w >= 0) {
                    int head = sentence.words().get(w).head();
                    target = pieces.get(head == 0 ? w : head - 1)[0];
                }
                value.set(1f, h, q, target);
            }
        }
    }

    @Test
    void randomInitialisationDrawsBertLikeWeights() {
        ModelConfig config = encoder();
        var w = RandomInitialisation.weights(config, 9);
        float[] q = w.find("blocks.0.attn.q.weight").toArray();
        double sum = 0;
        double squares = 0;
        for (float x : q) {
            sum += x;
            squares += x * x;
        }
        double mean = sum / q.length;
        assertEquals(0.0, mean, 0.002);
        assertEquals(0.02, Math.sqrt(squares / q.length - mean * mean), 0.002);
        assertEquals(1f, w.find("blocks.1.mlp_norm.weight").get(5), 0f);
        assertEquals(0f, w.find("blocks.1.attn.o.bias").get(5), 0f);
        assertEquals(0f, RandomInitialisation.weights(config, 9).find("embed.token").get(3, 4)
                - w.find("embed.token").get(3, 4), 0f);
        new Transformer(config, w);
        assertEquals(new ArrayList<>(w.names()).size(), w.names().size());
    }
}
