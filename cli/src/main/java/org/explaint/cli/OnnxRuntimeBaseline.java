package org.explaint.cli;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.explaint.runtime.ExplaintException;

/**
 * ONNX Runtime running a BERT export with the same captures explaint makes in a benchmark:
 * every attention pattern (each Softmax output) and every layer's output state are added to
 * the graph's outputs, so both runtimes must materialise the same tensors.
 */
final class OnnxRuntimeBaseline implements AutoCloseable {
    private final OrtSession session;
    private final Set<String> outputs = new LinkedHashSet<>();

    /** Opens a session on the export with {@code threads} intra-op threads. */
    OnnxRuntimeBaseline(Path file, int threads) {
        try {
            ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
            GraphProto.Builder graph = model.getGraph().toBuilder();

            // Attention patterns, and each layer's state: the input of the next layer's query MatMul.
            for (NodeProto node : graph.getNodeList()) {
                if (node.getOpType().equals("Softmax")) {
                    outputs.add(node.getOutput(0));
                }
                if (node.getName().endsWith("/attention/self/query/MatMul")
                        && !node.getName().startsWith("/encoder/layer.0/")) {
                    outputs.add(node.getInput(0));
                }
            }
            String last = graph.getOutput(0).getName();
            TypeProto floats = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                    .setElemType(TensorProto.DataType.FLOAT_VALUE)).build();
            for (String name : outputs) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(floats));
            }
            outputs.add(last);

            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            byte[] bytes = model.toBuilder().setGraph(graph).build().toByteArray();
            session = OrtEnvironment.getEnvironment().createSession(bytes, options);
        } catch (IOException | OrtException e) {
            throw new ExplaintException("ONNX Runtime cannot open " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /** Number of outputs fetched per run. */
    int outputCount() {
        return outputs.size();
    }

    /** Runs one sequence and fetches every added output. */
    void run(int[] ids) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {1, ids.length};
        long[] idValues = new long[ids.length];
        long[] ones = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            idValues[i] = ids[i];
            ones[i] = 1;
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(idValues), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", input, "attention_mask", mask,
                     "token_type_ids", types), outputs)) {
            if (result.size() != outputs.size()) {
                throw new IllegalStateException("ONNX Runtime returned " + result.size() + " outputs");
            }
        } catch (OrtException e) {
            throw new ExplaintException("ONNX Runtime failed on a sequence of " + ids.length + " tokens ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
