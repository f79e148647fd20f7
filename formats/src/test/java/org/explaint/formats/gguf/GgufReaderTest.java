package org.explaint.formats.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny random Llama GGUF files (tools/reference/make_gguf_fixture.py) against an independent
 * numpy forward of the same stored weights. Each variant's expected logits were computed from
 * the weights exactly as the file stores them (float16 or Q8_0 rounded), so all three must
 * agree within 1e-4; the f16 rounding itself moves the logits by up to about 5e-3.
 */
class GgufReaderTest {
    private static final float TOLERANCE = 1e-4f;
    @TempDir
    Path temp;

    private Path fixture(String name) throws IOException {
        Path p = temp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/gguf/" + name)) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    private static JsonNode expected() throws IOException {
        try (InputStream in = GgufReaderTest.class.getResourceAsStream("/gguf/tiny-llama-expected.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f32", "f16", "q8_0"})
    void logitsMatchTheNumpyReferenceOfTheStoredWeights(String variant) throws IOException {
        JsonNode e = expected();
        int[] ids = new int[e.get("tokens").size()];
        Arrays.setAll(ids, i -> e.get("tokens").get(i).asInt());
        LoadedModel model = GgufReader.read(fixture("tiny-llama-" + variant + ".gguf"));
        Hooks hooks = Hooks.capture(List.of(HookNames.LOGITS));
        model.transformer().forward(TokenBatch.of(TokenSequence.of(ids)), hooks);
        Tensor logits = hooks.cache(0).get(HookNames.LOGITS);
        float worst = 0f;
        for (int p = 0; p < ids.length; p++) {
            for (int v = 0; v < logits.dim(1); v++) {
                worst = Math.max(worst, Math.abs(logits.get(p, v) - (float) e.get(variant).get(p).get(v).asDouble()));
            }
        }
        System.err.println("gguf llama " + variant + ": max |logit difference| " + worst);
        assertTrue(worst <= TOLERANCE, variant + ": max |logit difference| " + worst);
    }

    @Test
    void gpt2WithFusedQkvAndBiasesMatchesTheNumpyReference() throws IOException {
        JsonNode e;
        try (InputStream in = getClass().getResourceAsStream("/gguf/tiny-gpt2-expected.json")) {
            e = new ObjectMapper().readTree(in);
        }
        int[] ids = new int[e.get("tokens").size()];
        Arrays.setAll(ids, i -> e.get("tokens").get(i).asInt());
        org.explaint.runtime.Transformer t = GgufReader.readTransformer(fixture("tiny-gpt2-f32.gguf"));
        assertEquals("gpt2", t.config().family());
        Hooks hooks = Hooks.capture(List.of(HookNames.LOGITS));
        t.forward(TokenBatch.of(TokenSequence.of(ids)), hooks);
        Tensor logits = hooks.cache(0).get(HookNames.LOGITS);
        float worst = 0f;
        for (int p = 0; p < ids.length; p++) {
            for (int v = 0; v < logits.dim(1); v++) {
                worst = Math.max(worst, Math.abs(logits.get(p, v) - (float) e.get("f32").get(p).get(v).asDouble()));
            }
        }
        System.err.println("gguf gpt2: max |logit difference| " + worst);
        assertTrue(worst <= TOLERANCE, "max |logit difference| " + worst);
    }

    @Test
    void metadataGivesTheConfigAndEveryValueType() throws IOException {
        Path p = fixture("tiny-llama-f32.gguf");
        ModelConfig c = GgufReader.readTransformer(p).config();
        assertEquals(List.of(300, 64, 2, 4, 2, 16, 96, 64), List.of(c.vocabSize(), c.hidden(), c.layers(),
                c.heads(), c.kvHeads(), c.headDim(), c.mlpHidden(), c.maxPositions()));
        try (FileChannel ch = FileChannel.open(p); Arena arena = Arena.ofConfined()) {
            GgufFile f = new GgufFile(p, ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena));
            assertEquals(3, f.version());
            assertEquals(0.125, f.metadata().get("explaint.test.float64"));
            assertEquals(1L << 40, f.metadata().get("explaint.test.uint64"));
            assertEquals(true, f.metadata().get("explaint.test.bool"));
            assertEquals(List.of(1, -2, 3), f.metadata().get("explaint.test.ints"));
            assertEquals(300, ((List<?>) f.metadata().get("tokenizer.ggml.tokens")).size());
            long[] dims = f.tensors().get("token_embd.weight").dims();
            assertEquals(List.of(64L, 300L), Arrays.stream(dims).boxed().toList());
        }
    }

    @Test
    void sentencepieceVocabularyBecomesATokenizer() throws IOException {
        LoadedModel m = GgufReader.read(fixture("tiny-llama-f32.gguf"));
        assertEquals(300, m.tokenizer().vocabularySize());
        assertEquals(" the", m.tokenizer().piece(261));
        assertEquals("a the", m.tokenizer().decode(m.tokenizer().encode("a the").ids()));
    }

    @Test
    void unsupportedTensorTypeIsNamedWithTheSupportedOnes() throws IOException {
        Path p = fixture("tiny-unsupported-q4_0.gguf");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> GgufReader.read(p));
        assertTrue(e.getMessage().contains("token_embd.weight") && e.getMessage().contains("type 2")
                && e.getMessage().contains("F32 (0), F16 (1) and Q8_0 (8)"), e.getMessage());
    }

    @Test
    void truncatedFileIsRejectedBeforeReadingTensors() throws IOException {
        Path p = fixture("tiny-llama-f32.gguf");
        byte[] all = Files.readAllBytes(p);
        Path cut = temp.resolve("cut.gguf");
        Files.write(cut, Arrays.copyOf(all, all.length - 100));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> GgufReader.read(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path header = temp.resolve("header.gguf");
        Files.write(header, Arrays.copyOf(all, 1000));
        assertThrows(ModelFormatException.class, () -> GgufReader.read(header));
    }
}
