package org.explaint.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.runtime.ActivationCache;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.testing.TestData;
import org.explaint.text.Tokenizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * explaint's attention patterns and layer states equal ONNX Runtime's on the real exports, for
 * sequences of 1, about 20, 128 and 512 pieces of EWT text.
 */
class OnnxRuntimeParityTest {
    private static final float TOLERANCE = 1e-4f;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"minilm, 6", "bge-small, 12", "e5-small, 12"})
    void patternsAndStatesMatchOnnxRuntime(String name, int layers) throws Exception {
        LoadedModel model = ModelCatalog.load(name);
        assertEquals(layers, model.transformer().config().layers());
        assertEquals(12, model.transformer().config().heads());
        assertEquals(384, model.transformer().config().hidden());
        assertEquals(1e-12f, model.transformer().config().normEpsilon());

        try (OrtReference ort = new OrtReference(model.source(), 2)) {
            assertEquals(layers, ort.layers());
            for (int[] ids : sequences(model.tokenizer())) {
                float worst = compare(model, ort, ids, layers);
                System.err.printf("%s, %d pieces: max abs difference %.2e%n", name, ids.length, worst);
            }
        }
    }

    private static float compare(LoadedModel model, OrtReference ort, int[] ids, int layers) throws Exception {
        Hooks hooks = Hooks.captureMatching("embed|blocks\\.\\d+\\.(attn\\.pattern|resid_post)");
        model.transformer().forward(TokenBatch.of(TokenSequence.of(ids)), hooks);
        ActivationCache cache = hooks.cache(0);
        List<float[]> reference = ort.run(ids);

        float worst = 0f;
        worst = Math.max(worst, check(cache.get(HookNames.EMBED), reference.get(layers), "embed", ids));
        for (int l = 0; l < layers; l++) {
            worst = Math.max(worst, check(cache.get(HookNames.pattern(l)), reference.get(l),
                    HookNames.pattern(l), ids));
            worst = Math.max(worst, check(cache.get(HookNames.residPost(l)), reference.get(layers + 1 + l),
                    HookNames.residPost(l), ids));
        }
        return worst;
    }

    private static float check(Tensor ours, float[] theirs, String hook, int[] ids) {
        Tensor expected = Tensor.of(theirs, ours.shape());
        float difference = ours.maxAbsDifference(expected);
        assertTrue(difference <= TOLERANCE, hook + " differs by " + difference + " on " + ids.length + " pieces");
        return difference;
    }

    // One [CLS], one real sentence of about 20 pieces, and EWT text cut to 128 and 512 pieces.
    static List<int[]> sequences(Tokenizer tokenizer) throws Exception {
        List<String> texts = Files.readAllLines(TestData.ewtDev()).stream()
                .filter(line -> line.startsWith("# text = "))
                .map(line -> line.substring("# text = ".length()))
                .toList();
        List<int[]> out = new ArrayList<>();
        out.add(new int[] {tokenizer.id("[CLS]")});
        for (String text : texts) {
            int n = tokenizer.encode(text).length();
            if (n >= 19 && n <= 22) {
                out.add(tokenizer.encode(text).ids());
                break;
            }
        }
        String joined = String.join(" ", texts.subList(0, 200));
        int[] all = tokenizer.encode(joined).ids();
        for (int length : new int[] {128, 512}) {
            int[] ids = Arrays.copyOf(all, length);
            ids[length - 1] = tokenizer.id("[SEP]");
            out.add(ids);
        }
        return out;
    }
}
