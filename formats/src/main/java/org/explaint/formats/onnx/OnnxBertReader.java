package org.explaint.formats.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;

/**
 * Reads a BERT-family encoder exported to ONNX by Hugging Face (torch.onnx) into explaint's
 * configuration and canonical weights.
 *
 * <p>The file is memory-mapped and parsed in place: the protobuf parser aliases the mapping,
 * so every weight is copied exactly once, from the mapping into its {@code float[]}. Such
 * exports name their matrix weights anonymously ({@code onnx::MatMul_1234}); each initializer
 * is therefore placed by the node that consumes it ({@code /encoder/layer.3/attention/self/
 * query/MatMul} gives layer 3's query weight), then by its own name, and, where the nodes are
 * unnamed, by the order of the MatMuls in the graph (query, key, value, output, up, down per
 * layer). The head width comes from the attention's scale constant, the LayerNorm epsilon from
 * the graph, the activation from its Erf or Tanh nodes.
 *
 * <p>Exports optimised for ONNX Runtime (fused Attention, SkipLayerNormalization,
 * EmbedLayerNormalization, FastGelu) or quantised ones are rejected with a message saying so:
 * their weights are packed in ways that do not map back to separate query, key and value
 * matrices. Weights stored as external data (files over 2 GB) are not supported either.
 */
public final class OnnxBertReader {
    private static final Logger LOG = Logger.getLogger(OnnxBertReader.class.getName());
    private static final Set<String> FUSED_OPS = Set.of("Attention", "MultiHeadAttention",
            "SkipLayerNormalization", "EmbedLayerNormalization", "FastGelu", "BiasGelu", "Gelu",
            "QAttention", "QOrderedAttention", "MatMulInteger", "QLinearMatMul", "DynamicQuantizeLinear",
            "MatMulNBits", "Gemm");
    private static final String[] MATMUL_ORDER = {"attn.q", "attn.k", "attn.v", "attn.o", "mlp.up",
            "mlp.down"};

    private final Path file;
    private final long fileSize;
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();

    /** A configuration with its weights, as read from one file. */
    public record Checkpoint(ModelConfig config, ModelWeights weights) {
    }

    private OnnxBertReader(Path file, long fileSize) {
        this.file = file;
        this.fileSize = fileSize;
    }

    /**
     * Reads an ONNX BERT export.
     *
     * @throws ModelFormatException when the file is missing, truncated, not ONNX, or not a
     *                              BERT encoder in the standard (unfused) export layout
     */
    public static Checkpoint read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException("ONNX model file " + file + " does not exist or is not a file; "
                    + "check the path");
        }
        long started = System.nanoTime();
        ModelProto model = parse(file);
        long size = file.toFile().length();
        if (!model.hasGraph() || model.getGraph().getInitializerCount() == 0) {
            throw new ModelFormatException("ONNX file " + file + " has no graph with weights; it is empty, "
                    + "truncated or not an ONNX model");
        }

        OnnxBertReader reader = new OnnxBertReader(file, size);
        Checkpoint checkpoint = reader.convert(model.getGraph());
        LOG.fine(() -> String.format("read %s: %d layers, %d parameters in %.0f ms", file,
                checkpoint.config().layers(), checkpoint.weights().parameterCount(),
                (System.nanoTime() - started) / 1e6));
        return checkpoint;
    }

    /**
     * Parses the file from a memory mapping; the raw data of every tensor stays a view of the
     * mapping (a direct buffer), so nothing is copied yet.
     */
    static ModelProto parse(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new ModelFormatException("ONNX file " + file + " is " + size + " bytes; files over 2 GB "
                        + "keep their weights as external data, which this reader does not support");
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            // Wrapping the mapping as an immutable ByteString is what lets the parser alias it:
            // CodedInputStream.newInstance(ByteBuffer) would copy every raw_data field to the heap.
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(mapped).newCodedInput();
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE);
            return ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read ONNX file " + file + " (" + e.getMessage() + "); it is "
                    + "truncated, corrupt or not an ONNX model: delete it and extract or download it again", e);
        }
    }

    private Checkpoint convert(GraphProto graph) {
        // Index the graph: who produces and who consumes every value; constant node values.
        for (NodeProto node : graph.getNodeList()) {
            if (FUSED_OPS.contains(node.getOpType()) || node.getDomain().startsWith("com.microsoft")) {
                throw new ModelFormatException("ONNX file " + file + " uses the operator " + node.getOpType()
                        + " (node '" + node.getName() + "'): it is an optimised, fused or quantised export "
                        + "whose weights do not map back to separate query, key, value and MLP matrices; "
                        + "export the model again without ONNX Runtime graph optimisation or quantisation");
            }
            for (String output : node.getOutputList()) {
                producers.put(output, node);
            }
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
            if (node.getOpType().equals("Constant") && node.getAttributeCount() > 0
                    && node.getAttribute(0).hasT()) {
                constants.put(node.getOutput(0), node.getAttribute(0).getT());
            }
        }

        // Place every float initializer by its consumer, its name, or (unnamed graphs) its order.
        ModelWeights weights = new ModelWeights();
        List<TensorProto> unplaced = new ArrayList<>();
        for (TensorProto init : graph.getInitializerList()) {
            constants.put(init.getName(), init);
            if (init.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                continue;
            }
            String name = canonicalName(init);
            if (name != null) {
                weights.put(name, tensor(init, name));
            } else if (consumedAsMatMulWeight(init.getName())) {
                unplaced.add(init);
            } else {
                LOG.fine(() -> "ignoring initializer " + init.getName() + " of " + file);
            }
        }
        int layers = countLayers(weights);
        placeByOrder(unplaced, layers, weights);

        return new Checkpoint(BertGraphFacts.config(file, graph, weights, layers, producers, constants),
                weights);
    }

    // The canonical name from the consuming node's scope, else from the initializer's own name.
    private String canonicalName(TensorProto init) {
        for (NodeProto node : consumers.getOrDefault(init.getName(), List.of())) {
            String module = BertWeightRoles.moduleOfNode(node.getName());
            if (module == null) {
                continue;
            }
            boolean bias = switch (node.getOpType()) {
                case "Add" -> true;
                case "LayerNormalization" -> node.getInputCount() > 2 && node.getInput(2).equals(init.getName());
                default -> false;
            };
            if (node.getOpType().equals("LayerNormalization")) {
                module = module + ".LayerNorm";
                module = module.replace(".LayerNorm.LayerNorm", ".LayerNorm");
            }
            String name = BertWeightRoles.canonical(module, bias);
            if (name != null) {
                return name;
            }
        }
        String module = BertWeightRoles.moduleOfInitializer(init.getName());
        return module == null ? null : BertWeightRoles.canonical(module, BertWeightRoles.namesBias(init.getName()));
    }

    private boolean consumedAsMatMulWeight(String name) {
        for (NodeProto node : consumers.getOrDefault(name, List.of())) {
            if (node.getOpType().equals("MatMul") && node.getInputCount() == 2 && node.getInput(1).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /*
     * One more than the highest layer number in the placed weights. The number comes from a
     * name in the file, so it is checked: every layer has several weights, so a layer number
     * at or above the count of weights cannot belong to a real model (and may not fit an int).
     */
    private int countLayers(ModelWeights weights) {
        int count = weights.names().size();
        int layers = 0;
        for (String name : weights.names()) {
            if (name.startsWith("blocks.")) {
                String number = name.split("\\.")[1];
                if (number.length() > 9 || Integer.parseInt(number) >= count) {
                    throw new ModelFormatException("ONNX file " + file + " names a weight of layer " + number
                            + " but holds only " + count + " weights; the graph is corrupt or not a BERT export");
                }
                layers = Math.max(layers, Integer.parseInt(number) + 1);
            }
        }
        return layers;
    }

    // Graphs without node scopes: the weight MatMuls come in the order of the forward pass.
    private void placeByOrder(List<TensorProto> unplaced, int layers, ModelWeights weights) {
        if (unplaced.isEmpty()) {
            return;
        }
        if (unplaced.size() != layers * MATMUL_ORDER.length) {
            throw new ModelFormatException("ONNX file " + file + " has " + unplaced.size() + " matrix weights "
                    + "that neither a node name nor their own name places in a layer, but " + layers
                    + " layers need " + layers * MATMUL_ORDER.length + "; the graph does not follow the "
                    + "standard BERT export layout (query, key, value, output, up, down per layer)");
        }
        for (int i = 0; i < unplaced.size(); i++) {
            String name = "blocks." + i / MATMUL_ORDER.length + "." + MATMUL_ORDER[i % MATMUL_ORDER.length]
                    + ".weight";
            weights.put(name, tensor(unplaced.get(i), name));
        }
    }

    // One copy from the mapping into a float array, after checking the claimed size against the file.
    private Tensor tensor(TensorProto t, String role) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new ModelFormatException("ONNX file " + file + " keeps tensor '" + t.getName() + "' ("
                    + role + ") as external data, which this reader does not support; save the model "
                    + "with its weights inside the .onnx file");
        }
        int[] shape = new int[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw corrupt(t, "has dimension " + d);
            }
            shape[i] = (int) d;
            count *= d;
            if (count * Float.BYTES > fileSize) {
                throw corrupt(t, "claims at least " + count * Float.BYTES + " bytes but the file has only "
                        + fileSize);
            }
        }
        float[] values = new float[(int) count];
        if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != count * Float.BYTES) {
                throw corrupt(t, "claims " + count + " floats but holds " + t.getRawData().size() + " bytes");
            }
            t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(values);
        } else if (t.getFloatDataCount() == count) {
            for (int i = 0; i < values.length; i++) {
                values[i] = t.getFloatData(i);
            }
        } else {
            throw corrupt(t, "claims " + count + " floats but holds " + t.getFloatDataCount());
        }
        return Tensor.of(values, shape);
    }

    private ModelFormatException corrupt(TensorProto t, String what) {
        return new ModelFormatException("ONNX file " + file + " is corrupt: tensor '" + t.getName() + "' "
                + what + "; delete the file and extract or download it again");
    }
}
