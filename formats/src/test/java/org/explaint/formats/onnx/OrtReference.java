package org.explaint.formats.onnx;

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
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime running a BERT export whose graph was extended to output every attention
 * pattern (the Softmax outputs) and every layer's state (the input of the next layer's query
 * projection; the graph's own output for the last layer), for parity tests.
 */
final class OrtReference implements AutoCloseable {
    private final OrtSession session;
    private final List<String> patterns = new ArrayList<>();   // [layer] output names
    private final List<String> states = new ArrayList<>();     // [layer + 1] output names, embed first

    OrtReference(Path file, int threads) throws IOException, OrtException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
        GraphProto.Builder graph = model.getGraph().toBuilder();

        // The state entering each layer is the first input of that layer's query MatMul.
        Map<Integer, String> layerInputs = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            String name = node.getName();
            if (node.getOpType().equals("Softmax")) {
                patterns.add(node.getOutput(0));
            }
            if (name.startsWith("/encoder/layer.") && name.endsWith("/attention/self/query/MatMul")) {
                int layer = Integer.parseInt(name.split("/")[2].substring("layer.".length()));
                layerInputs.put(layer, node.getInput(0));
            }
        }
        for (int l = 0; l < layerInputs.size(); l++) {
            states.add(layerInputs.get(l));
        }
        states.add(graph.getOutput(0).getName());

        // Declare the extra outputs (float tensors of unstated shape), then open a session.
        TypeProto floats = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE)).build();
        for (String name : concat(patterns, states)) {
            if (!name.equals(graph.getOutput(0).getName())) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(floats));
            }
        }
        byte[] bytes = model.toBuilder().setGraph(graph).build().toByteArray();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        session = OrtEnvironment.getEnvironment().createSession(bytes, options);
    }

    /** Number of layers found in the graph. */
    int layers() {
        return patterns.size();
    }

    /**
     * Runs one sequence.
     *
     * @return pattern outputs {@code [layer][1 * heads * n * n]} followed by states
     *         {@code [layer + 1][n * hidden]} (embedding output first)
     */
    List<float[]> run(int[] ids) throws OrtException {
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
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape)) {
            Map<String, OnnxTensor> inputs = Map.of("input_ids", input, "attention_mask", mask,
                    "token_type_ids", types);
            List<String> names = concat(patterns, states);
            try (OrtSession.Result result = session.run(inputs, new java.util.LinkedHashSet<>(names))) {
                List<float[]> out = new ArrayList<>();
                for (String name : names) {
                    FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
                    float[] values = new float[buffer.remaining()];
                    buffer.get(values);
                    out.add(values);
                }
                return out;
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
