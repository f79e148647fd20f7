package org.explaint.formats;

import java.nio.file.Path;
import org.explaint.runtime.Transformer;
import org.explaint.text.Tokenizer;

/**
 * A model ready to run: the runtime, its tokenizer, and where it came from.
 *
 * @param name        the name the user gave (a built-in name or a path)
 * @param transformer the runtime built from the weights
 * @param tokenizer   the tokenizer that belongs to the weights
 * @param source      the file or folder the weights were read from
 * @param format      a short name of the file format: {@code onnx}, {@code hf}, {@code tf},
 *                    {@code llama2c}, {@code gguf}
 */
public record LoadedModel(String name, Transformer transformer, Tokenizer tokenizer, Path source,
                          String format) {
}
