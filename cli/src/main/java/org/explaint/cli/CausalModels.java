package org.explaint.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.formats.gguf.GgufReader;
import org.explaint.formats.llama2c.Llama2cReader;
import org.explaint.runtime.ExplaintException;
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
        String lower = reference.toLowerCase(Locale.ROOT);
        Path path = Path.of(reference);
        if ((lower.endsWith(".gguf") || lower.endsWith(".bin")) && !Files.isRegularFile(path)) {
            throw new ExplaintException("model file " + reference + " does not exist; give the path of a "
                    + ".gguf file or a llama2.c .bin checkpoint");
        }
        if (lower.endsWith(".gguf")) {
            return GgufReader.read(path);
        }
        if (lower.endsWith(".bin")) {
            return Llama2cReader.read(path);
        }
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
