package org.explaint.formats.hf;

import java.nio.file.Path;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelWeights;

/**
 * What a Hugging Face model directory holds, translated for the runtime.
 *
 * @param config       the runtime configuration derived from {@code config.json}
 * @param weights      the weights under explaint's canonical names and layouts
 * @param tokenizer    the directory's {@code tokenizer.json}, or null when it has none
 * @param architecture the architecture class named in {@code config.json}, e.g.
 *                     {@code LlamaForCausalLM}
 */
public record HfModelParts(ModelConfig config, ModelWeights weights, Path tokenizer,
                           String architecture) {
}
