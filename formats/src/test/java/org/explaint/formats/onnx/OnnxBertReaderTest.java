package org.explaint.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.explaint.formats.ModelCatalog;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.ModelWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxBertReaderTest {
    @TempDir
    static Path dir;
    static Path minilm;

    @BeforeAll
    static void find() {
        minilm = ModelCatalog.load("minilm").source();
    }

    @Test
    void rawTensorDataAliasesTheMappingInsteadOfBeingCopied() {
        ModelProto model = OnnxBertReader.parse(minilm);
        TensorProto embedding = model.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("embeddings.word_embeddings.weight")).findFirst().orElseThrow();
        assertEquals(30522L * 384 * 4, embedding.getRawData().size());
        assertTrue(embedding.getRawData().asReadOnlyByteBuffer().isDirect(), "raw data was copied to the heap");
    }

    @Test
    void unnamedNodesFallBackToInitializerNamesAndMatMulOrder() throws IOException {
        ModelProto model = OnnxBertReader.parse(minilm);
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (NodeProto.Builder node : graph.getNodeBuilderList()) {
            node.clearName();
        }
        Path unnamed = dir.resolve("unnamed.onnx");
        Files.write(unnamed, model.toBuilder().setGraph(graph).build().toByteArray());

        ModelWeights named = OnnxBertReader.read(minilm).weights();
        OnnxBertReader.Checkpoint fallback = OnnxBertReader.read(unnamed);
        assertEquals(new TreeSet<>(named.names()), new TreeSet<>(fallback.weights().names()));
        for (String name : named.names()) {
            assertEquals(0f, named.find(name).maxAbsDifference(fallback.weights().find(name)), name);
        }
        assertEquals(6, fallback.config().layers());
    }

    @Test
    void fusedAttentionExportsAreRejectedByName() throws IOException {
        TensorProto weight = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(1).setRawData(ByteString.copyFrom(new byte[4])).build();
        GraphProto graph = GraphProto.newBuilder().setName("g").addInitializer(weight)
                .addNode(NodeProto.newBuilder().setName("Attention_0").setOpType("Attention")
                        .setDomain("com.microsoft").addInput("x").addInput("w").addOutput("y")).build();
        Path file = dir.resolve("fused.onnx");
        Files.write(file, ModelProto.newBuilder().setGraph(graph).build().toByteArray());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxBertReader.read(file));
        assertTrue(e.getMessage().contains("Attention") && e.getMessage().contains(file.toString()),
                e.getMessage());
    }
}
