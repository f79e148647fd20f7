package org.explaint.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.explaint.formats.onnx.OnnxBertReader;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.text.Encoding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
    @TempDir
    static Path dir;
    static LoadedModel minilm;

    @BeforeAll
    static void load() {
        minilm = ModelCatalog.load("minilm");
    }

    @Test
    void builtInMinilmHasTheExportedShape() {
        var config = minilm.transformer().config();
        assertEquals("bert", config.family());
        assertEquals(6, config.layers());
        assertEquals(12, config.heads());
        assertEquals(32, config.headDim());
        assertEquals(1536, config.mlpHidden());
        assertEquals(30522, config.vocabSize());
        assertEquals(512, config.maxPositions());
        assertEquals(2, config.typeVocabSize());
        assertTrue(config.embeddingNorm());
        assertEquals("onnx", minilm.format());
        assertEquals(30522, minilm.tokenizer().vocabularySize());
    }

    @Test
    void batchedForwardEqualsOneByOne() {
        List<String> texts = List.of("From the AP comes this story :",
                "President Bush on Tuesday nominated two individuals to replace retiring jurists.",
                "Yes.");
        List<TokenSequence> sequences = new ArrayList<>();
        for (String text : texts) {
            Encoding e = minilm.tokenizer().encode(text);
            sequences.add(TokenSequence.of(e.ids()));
        }
        // No warm-up: the kernels give the same bits interpreted and compiled, so even the
        // first, cold passes must agree.
        Hooks batched = Hooks.captureMatching("blocks\\.\\d+\\.(attn\\.pattern|resid_post)");
        minilm.transformer().forward(new TokenBatch(sequences), batched);
        for (int s = 0; s < sequences.size(); s++) {
            Hooks single = Hooks.captureMatching("blocks\\.\\d+\\.(attn\\.pattern|resid_post)");
            minilm.transformer().forward(TokenBatch.of(sequences.get(s)), single);
            for (String hook : single.cache(0).names()) {
                Tensor one = single.cache(0).get(hook);
                // Bit-identical, stricter than the 1e-5 asked of batching.
                assertEquals(0f, one.maxAbsDifference(batched.cache(s).get(hook)), hook + " of " + s);
            }
            assertEquals(12, single.cache(0).names().size());
        }
        assertEquals(12, batched.cache(2).get(HookNames.pattern(5)).dim(0));
    }

    @Test
    void unknownNameListsWhatIsAccepted() {
        ExplaintException e = assertThrows(ExplaintException.class, () -> ModelCatalog.load("gpt-17"));
        assertTrue(e.getMessage().contains("minilm, bge-small, e5-small, bert-base-uncased"), e.getMessage());
        assertTrue(e.getMessage().contains(".onnx"), e.getMessage());
    }

    @Test
    void missingDecoderFilesAreNamedWithWhatToGive() {
        for (String name : new String[] {"x.gguf", "x.bin"}) {
            ExplaintException e = assertThrows(ExplaintException.class, () -> ModelCatalog.load(name));
            assertTrue(e.getMessage().contains(name + " does not exist"), e.getMessage());
            assertTrue(e.getMessage().contains(".gguf file or a llama2.c .bin"), e.getMessage());
        }
    }

    @Test
    void huggingFaceDirectoryLoadsThroughTheCatalogue() {
        Path gpt2 = Path.of("src/test/resources/hf/gpt2");
        LoadedModel model = ModelCatalog.load(gpt2.toString());
        assertEquals("hf", model.format());
        assertEquals("gpt2", model.transformer().config().family());
    }

    @Test
    void missingOnnxFileIsNamed() {
        Path missing = dir.resolve("absent.onnx");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelCatalog.load(missing.toString()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void truncatedOnnxFileIsRejectedNamingIt() throws IOException {
        Path truncated = dir.resolve("truncated.onnx");
        try (InputStream in = Files.newInputStream(minilm.source())) {
            Files.write(truncated, in.readNBytes(1 << 20));
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxBertReader.read(truncated));
        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
    }

    @Test
    void tensorClaimingMoreThanTheFileIsRejectedBeforeAllocating() throws IOException {
        TensorProto huge = TensorProto.newBuilder().setName("embeddings.word_embeddings.weight")
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(100_000).addDims(100_000).addDims(10)
                .setRawData(ByteString.copyFrom(new byte[16])).build();
        ModelProto model = ModelProto.newBuilder()
                .setGraph(GraphProto.newBuilder().setName("g").addInitializer(huge)).build();
        Path file = dir.resolve("huge.onnx");
        Files.write(file, model.toByteArray());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxBertReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("claims"), e.getMessage());
    }

    @Test
    void tokenizerOfAnotherVocabularyIsRejected() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("mismatch"));
        Path model = folder.resolve("model.onnx");
        Files.createSymbolicLink(model, minilm.source());
        ObjectMapper json = new ObjectMapper();
        ObjectNode tokenizer = (ObjectNode) json.readTree(
                minilm.source().resolveSibling("all-minilm-l6-v2-tokenizer.json").toFile());
        ObjectNode vocab = (ObjectNode) tokenizer.path("model").path("vocab");
        List<String> high = new ArrayList<>();
        vocab.fields().forEachRemaining(entry -> {
            if (entry.getValue().asInt() >= 30000) {
                high.add(entry.getKey());
            }
        });
        vocab.remove(high);
        json.writeValue(folder.resolve("tokenizer.json").toFile(), tokenizer);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelCatalog.load(model.toString()));
        assertTrue(e.getMessage().contains("30000 entries") && e.getMessage().contains("30522 rows"), e.getMessage());
    }

    @Test
    void extractionIsSkippedWhenTheCachedFileIsComplete() throws IOException {
        var modified = Files.getLastModifiedTime(minilm.source());
        LoadedModel again = ModelCatalog.load("minilm");
        assertEquals(minilm.source(), again.source());
        assertEquals(modified, Files.getLastModifiedTime(again.source()));
    }
}
