package org.explaint.cli;

import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.text.Tokenizer;

/**
 * Resolves the {@code --model} of the decoder commands: a {@code .gguf} file, a llama2.c
 * {@code .bin} checkpoint (its tokenizer beside it), or anything {@link ModelCatalog} knows.
 */
final class CausalModels {
    private CausalModels() {
    }

    /** Loads the model a reference names. */
    static LoadedModel load(String reference) {
        return ModelCatalog.load(reference);
    }

    /** Ids that end a generation: the tokenizer's end-of-text pieces, and llama2.c's start token. */
    static boolean isStop(Tokenizer tokenizer, int id, LoadedModel model) {
        if ("llama2c".equals(model.format()) || "gguf".equals(model.format())) {
            if (id == 1 || id == 2) {
                return true;
            }
        }
        return id == tokenizer.id("</s>") || id == tokenizer.id("<|endoftext|>");
    }
}
