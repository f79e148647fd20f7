package org.explaint.formats.tf;

import java.nio.file.Path;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Transformer;

/**
 * A BERT model read from a TensorFlow checkpoint: its configuration, its weights under
 * explaint's canonical names, and the WordPiece vocabulary that came with it.
 *
 * @param config     the architecture, inferred from the tensor shapes
 * @param weights    the weights, including the masked-LM head when the checkpoint has one
 * @param vocabulary the {@code vocab.txt} beside the checkpoint (one piece per line, line
 *                   {@code i} is id {@code i}), or null when there is none
 * @param source     the folder the checkpoint was read from
 */
public record TfBertModel(ModelConfig config, ModelWeights weights, Path vocabulary, Path source) {

    /** Builds the runtime for these weights. */
    public Transformer transformer() {
        return new Transformer(config, weights);
    }

    /** Whether the checkpoint carried the masked-LM head, so the model can fill masks. */
    public boolean hasMaskedLmHead() {
        return weights.has("unembed.weight");
    }
}
