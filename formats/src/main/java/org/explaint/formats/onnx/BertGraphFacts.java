package org.explaint.formats.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;

/**
 * Reads the facts about a BERT encoder that its weights do not carry: the head width (from the
 * attention's scale constant), the LayerNorm epsilon and the MLP activation.
 */
final class BertGraphFacts {
    private BertGraphFacts() {
    }

    /** The configuration of a BERT graph whose weights have been placed. */
    static ModelConfig config(Path file, GraphProto graph, ModelWeights weights, int layers,
                              Map<String, NodeProto> producers, Map<String, TensorProto> constants) {
        Tensor token = present(file, weights, "embed.token");
        Tensor position = present(file, weights, "embed.position");
        Tensor segment = weights.find("embed.segment");
        if (layers == 0) {
            throw new ModelFormatException("ONNX file " + file + " has no encoder layers that explaint "
                    + "recognises; it is not a BERT-family encoder in the standard export layout");
        }
        int hidden = token.dim(1);
        int mlp = present(file, weights, "blocks.0.mlp.up.weight").dim(1);
        int headDim = headDim(file, graph, producers, constants);
        if (hidden % headDim != 0) {
            throw new ModelFormatException("ONNX file " + file + " scales attention for heads of width "
                    + headDim + ", which does not divide the hidden width " + hidden);
        }
        return new ModelConfig("bert", token.dim(0), hidden, layers, hidden / headDim, hidden / headDim,
                headDim, mlp, position.dim(0), segment == null ? 0 : segment.dim(0),
                ModelConfig.Norm.LAYER_NORM, epsilon(file, graph, producers, constants),
                ModelConfig.NormPlacement.POST, weights.has("embed.norm.weight"),
                ModelConfig.PositionEncoding.LEARNED, 0f, activation(file, graph), false);
    }

    private static Tensor present(Path file, ModelWeights weights, String name) {
        Tensor t = weights.find(name);
        if (t == null) {
            throw new ModelFormatException("ONNX file " + file + " has no weight that explaint can place as '"
                    + name + "'; it is not a BERT-family encoder in the standard export layout");
        }
        return t;
    }

    // The width of one head, from the constant the scores are divided (or multiplied) by.
    private static int headDim(Path file, GraphProto graph, Map<String, NodeProto> producers,
                               Map<String, TensorProto> constants) {
        for (NodeProto softmax : graph.getNodeList()) {
            if (!softmax.getOpType().equals("Softmax")) {
                continue;
            }
            NodeProto node = producers.get(softmax.getInput(0));
            for (int step = 0; step < 4 && node != null; step++) {
                boolean div = node.getOpType().equals("Div");
                if ((div || node.getOpType().equals("Mul")) && node.getInputCount() == 2) {
                    Float c = scalar(constants.get(node.getInput(1)));
                    if (c != null && c > 0f) {
                        double width = div ? (double) c * c : 1.0 / ((double) c * c);
                        long rounded = Math.round(width);
                        if (rounded > 0 && Math.abs(width - rounded) < 1e-2 * rounded) {
                            return (int) rounded;
                        }
                    }
                }
                node = producers.get(node.getInput(0));
            }
        }
        throw new ModelFormatException("ONNX file " + file + " has no attention scale that explaint "
                + "recognises (a Div or Mul by sqrt(head width) before each Softmax), so the number of "
                + "heads is unknown; the export does not follow the standard BERT layout");
    }

    // The epsilon of the first LayerNorm: added to a ReduceMean, or a LayerNormalization attribute.
    private static float epsilon(Path file, GraphProto graph, Map<String, NodeProto> producers,
                                 Map<String, TensorProto> constants) {
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("LayerNormalization")) {
                for (AttributeProto a : node.getAttributeList()) {
                    if (a.getName().equals("epsilon")) {
                        return a.getF();
                    }
                }
                return 1e-5f;
            }
            if (node.getOpType().equals("Add") && node.getInputCount() == 2) {
                NodeProto left = producers.get(node.getInput(0));
                Float c = scalar(constants.get(node.getInput(1)));
                if (left != null && left.getOpType().equals("ReduceMean") && c != null && c > 0f) {
                    return c;
                }
            }
        }
        throw new ModelFormatException("ONNX file " + file + " has no LayerNorm whose epsilon explaint can "
                + "read; the export does not follow the standard BERT layout");
    }

    private static ModelConfig.Activation activation(Path file, GraphProto graph) {
        boolean erf = false;
        boolean tanh = false;
        for (NodeProto node : graph.getNodeList()) {
            erf |= node.getOpType().equals("Erf");
            tanh |= node.getOpType().equals("Tanh");
        }
        if (erf) {
            return ModelConfig.Activation.GELU_ERF;
        }
        if (tanh) {
            return ModelConfig.Activation.GELU_TANH;
        }
        throw new ModelFormatException("ONNX file " + file + " has neither Erf nor Tanh nodes, so its MLP "
                + "activation is not the GELU explaint supports for BERT");
    }

    // The value of a one-element float tensor, or null.
    private static Float scalar(TensorProto t) {
        if (t == null || t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            return null;
        }
        if (t.getFloatDataCount() == 1) {
            return t.getFloatData(0);
        }
        if (t.getRawData().size() == Float.BYTES) {
            return t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat(0);
        }
        return null;
    }
}
