package org.explaint.formats.tf;

import java.nio.file.Path;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Transformer;
import org.explaint.text.HfTokenizer;

/**
 * A BERT model read from a TensorFlow checkpoint: its configuration, its weights under
 * explaint's canonical names, and the WordPiece vocabulary that came with it.
 *
 * @param config     the architecture, inferred from the tensor shapes
 * @param weights    the weights, including the masked-LM head when the checkpoint has one
 * @param vocabulary the {@code vocab.txt} beside the checkpoint (one piece per line, line
 *                   {@code i} is id {@code i}), or null when there is none
 * @param lowercase  whether the model is uncased (its tokenizer lower-cases and strips accents)
 * @param source     the folder the checkpoint was read from
 */
public record TfBertModel(ModelConfig config, ModelWeights weights, Path vocabulary,
                          boolean lowercase, Path source) {

    /** Builds the runtime for these weights. */
    public Transformer transformer() {
        return new Transformer(config, weights);
    }

    /**
     * The model ready to run: runtime, tokenizer (from {@link #tokenizerJson}) and source.
     *
     * @param name the name the user gave (a built-in name or a path)
     * @throws ModelFormatException when the checkpoint came without a {@code vocab.txt}
     */
    public LoadedModel toLoadedModel(String name) {
        HfTokenizer tokenizer = HfTokenizer.load(tokenizerJson());
        return new LoadedModel(name, transformer(), tokenizer, source, "tf");
    }

    /**
     * A Hugging Face {@code tokenizer.json} equivalent to this model's WordPiece tokenizer,
     * written once to the cache (see {@link BertTokenizerJson}).
     *
     * @throws ModelFormatException when the checkpoint came without a {@code vocab.txt}
     */
    public Path tokenizerJson() {
        if (vocabulary == null) {
            throw new ModelFormatException("the BERT checkpoint in " + source + " has no "
                    + "vocab.txt, so explaint cannot tokenise text for it; put the vocab.txt "
                    + "it was trained with beside the checkpoint");
        }
        return BertTokenizerJson.forVocabulary(vocabulary, lowercase);
    }

    /** Whether the checkpoint carried the masked-LM head, so the model can fill masks. */
    public boolean hasMaskedLmHead() {
        return weights.has("unembed.weight");
    }
}
