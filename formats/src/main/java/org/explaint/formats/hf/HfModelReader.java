package org.explaint.formats.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.ModelWeights;

/**
 * Reads a Hugging Face model directory ({@code config.json} plus {@code model.safetensors} or
 * the shards named by {@code model.safetensors.index.json}) into a runtime configuration and
 * canonical weights.
 *
 * <p>Supported architectures: BERT ({@code BertModel}, {@code BertForMaskedLM}), GPT-2
 * ({@code GPT2Model}, {@code GPT2LMHeadModel}) and Llama ({@code LlamaModel},
 * {@code LlamaForCausalLM}, grouped-query attention, tied or separate output embeddings, rotary
 * positions without scaling). Anything else in {@code config.json} that would change the
 * numbers (another architecture, activation, position scheme or rope scaling) is rejected with
 * the key and value named, never approximated. Weights may carry the architecture's prefix
 * ({@code bert.}, {@code transformer.}, {@code model.}) or not; F32, F16 and BF16 weights are
 * widened to float32.
 */
public final class HfModelReader {
    /** The {@code architectures} values this reader understands. */
    public static final List<String> ARCHITECTURES = List.of("BertModel", "BertForMaskedLM", "GPT2Model",
            "GPT2LMHeadModel", "LlamaModel", "LlamaForCausalLM");

    private static final Logger LOG = Logger.getLogger(HfModelReader.class.getName());
    private static final String CONFIG = "config.json";
    private static final String TOKENIZER = "tokenizer.json";
    private static final Pattern INERT = Pattern.compile("(^|\\.)pooler\\.|^cls\\.seq_relationship\\."
            + "|position_ids$|\\.attn\\.(masked_)?bias$|rotary_emb\\.inv_freq$"
            + "|^lm_head\\.weight$|^cls\\.predictions\\.decoder\\.(weight|bias)$");

    private HfModelReader() {
    }

    /** Whether a path looks like a Hugging Face model directory (a folder with a config.json). */
    public static boolean isModelDirectory(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve(CONFIG));
    }

    /**
     * Reads the configuration and weights of a model directory.
     *
     * @param directory a folder holding {@code config.json} and safetensors weights
     * @return the runtime configuration, canonical weights and the tokenizer's path
     * @throws ExplaintException      for an architecture or setting explaint does not implement
     * @throws ModelFormatException   for a missing, corrupt or inconsistent file (named in the message)
     */
    public static HfModelParts read(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ExplaintException(directory + " is not a directory; a Hugging Face model is a "
                    + "folder holding config.json and model.safetensors");
        }
        HfConfigFile cfg = HfConfigFile.read(dir.resolve(CONFIG));
        String architecture = architecture(cfg);

        // The configuration first, so that unsupported settings fail before any weight is read.
        ModelConfig config;
        try {
            config = switch (architecture) {
                case "BertModel", "BertForMaskedLM" -> BertLayout.config(cfg);
                case "GPT2Model", "GPT2LMHeadModel" -> Gpt2Layout.config(cfg);
                default -> LlamaLayout.config(cfg);
            };
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(cfg.file() + " describes an inconsistent model: "
                    + e.getMessage(), e);
        }

        // The weights, found with or without the prefix of the architecture's base model.
        String prefix = switch (architecture) {
            case "BertModel", "BertForMaskedLM" -> "bert.";
            case "GPT2Model", "GPT2LMHeadModel" -> "transformer.";
            default -> "model.";
        };
        ModelWeights weights;
        try (HfTensorSource source = HfTensorSource.open(dir, prefix)) {
            weights = switch (architecture) {
                case "BertModel", "BertForMaskedLM" ->
                        BertLayout.weights(config, cfg, source, architecture.equals("BertForMaskedLM"));
                case "GPT2Model", "GPT2LMHeadModel" ->
                        Gpt2Layout.weights(config, cfg, source, architecture.equals("GPT2LMHeadModel"));
                default ->
                        LlamaLayout.weights(config, cfg, source, architecture.equals("LlamaForCausalLM"));
            };
            warnAboutUnused(dir, source.unused());
        }
        Path tokenizer = dir.resolve(TOKENIZER);
        LOG.fine(() -> "read " + architecture + " from " + dir + ": " + config.layers() + " layers, "
                + weights.parameterCount() + " parameters");
        return new HfModelParts(config, weights, Files.isRegularFile(tokenizer) ? tokenizer : null,
                architecture);
    }

    // Tensors the runtime does not use are worth a warning, except the ones known to be inert:
    // BERT's pooler and next-sentence head (not on the masked-LM path), stored position ids,
    // causal-mask and rotary-frequency buffers, and copies of a tied output embedding (an
    // untied one is always read, so an unread one is a tied copy).
    private static void warnAboutUnused(Path dir, List<String> unused) {
        List<String> surprising = unused.stream().filter(name -> !INERT.matcher(name).find()).toList();
        if (!surprising.isEmpty()) {
            LOG.warning(() -> dir + " holds " + surprising.size() + " tensors that explaint does not use "
                    + "and that are not known to be inert, so the model may compute something explaint "
                    + "does not: " + surprising);
        }
    }

    // The architecture class: the first of "architectures", else the base model of "model_type".
    private static String architecture(HfConfigFile cfg) {
        JsonNode list = cfg.node("architectures");
        String name;
        if (list.isArray() && !list.isEmpty()) {
            name = list.get(0).asText();
        } else {
            name = switch (cfg.string("model_type", "")) {
                case "bert" -> "BertModel";
                case "gpt2" -> "GPT2Model";
                case "llama" -> "LlamaModel";
                default -> throw cfg.unsupported("model_type", "\"" + cfg.string("model_type", "")
                        + "\" (and no \"architectures\")", "bert, gpt2, llama");
            };
        }
        if (!ARCHITECTURES.contains(name)) {
            throw cfg.unsupported("architectures", "[\"" + name + "\"]",
                    String.join(", ", ARCHITECTURES));
        }
        return name;
    }
}
