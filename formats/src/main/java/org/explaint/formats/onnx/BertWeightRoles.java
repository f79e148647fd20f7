package org.explaint.formats.onnx;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the module paths of a Hugging Face BERT export into explaint's canonical weight names.
 *
 * <p>A module path is the dotted scope a weight belongs to, e.g.
 * {@code encoder.layer.3.attention.self.query}; it comes either from the name of the node that
 * consumes the weight ({@code /encoder/layer.3/attention/self/query/MatMul}) or from the
 * initializer's own name ({@code encoder.layer.3.attention.self.query.bias}).
 */
final class BertWeightRoles {
    private static final Pattern LAYER = Pattern.compile("(?:bert\\.)?encoder\\.layer\\.(\\d+)\\.(.+)");
    private static final Pattern EMBEDDING = Pattern.compile("(?:bert\\.)?embeddings\\.(.+)");

    private static final Map<String, String> BLOCK_MODULES = Map.of(
            "attention.self.query", "attn.q",
            "attention.self.key", "attn.k",
            "attention.self.value", "attn.v",
            "attention.output.dense", "attn.o",
            "attention.output.LayerNorm", "attn_norm",
            "intermediate.dense", "mlp.up",
            "output.dense", "mlp.down",
            "output.LayerNorm", "mlp_norm");

    private static final Map<String, String> EMBEDDING_MODULES = Map.of(
            "word_embeddings", "embed.token",
            "position_embeddings", "embed.position",
            "token_type_embeddings", "embed.segment",
            "LayerNorm", "embed.norm");

    private BertWeightRoles() {
    }

    /**
     * The canonical name of a weight, or null when the module is not part of a BERT encoder.
     *
     * @param module the dotted module path, without the trailing {@code weight}/{@code bias}
     * @param bias   whether the tensor is the module's bias (else its weight or table)
     */
    static String canonical(String module, boolean bias) {
        Matcher layer = LAYER.matcher(module);
        if (layer.matches()) {
            String role = BLOCK_MODULES.get(layer.group(2));
            return role == null ? null
                    : "blocks." + layer.group(1) + "." + role + (bias ? ".bias" : ".weight");
        }
        Matcher embedding = EMBEDDING.matcher(module);
        if (embedding.matches()) {
            String role = EMBEDDING_MODULES.get(embedding.group(1));
            if (role == null) {
                return null;
            }
            if (role.equals("embed.norm")) {
                return role + (bias ? ".bias" : ".weight");
            }
            return bias ? null : role;
        }
        return null;
    }

    /**
     * The module path of a node name such as {@code /encoder/layer.0/attention/self/query/MatMul}:
     * the scopes joined by dots, without the operator; null for an unscoped name.
     */
    static String moduleOfNode(String nodeName) {
        if (nodeName == null || !nodeName.startsWith("/")) {
            return null;
        }
        int last = nodeName.lastIndexOf('/');
        if (last <= 0) {
            return null;
        }
        return nodeName.substring(1, last).replace('/', '.');
    }

    /** The module path of an initializer named like {@code encoder.layer.0.output.dense.bias}. */
    static String moduleOfInitializer(String name) {
        int last = name.lastIndexOf('.');
        return last <= 0 ? null : name.substring(0, last);
    }

    /** Whether an initializer name ends in {@code .bias}. */
    static boolean namesBias(String name) {
        return name.endsWith(".bias") || name.endsWith(".beta");
    }
}
