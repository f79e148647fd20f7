package org.explaint.formats;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import org.explaint.formats.hf.HfModelParts;
import org.explaint.formats.hf.HfModelReader;
import org.explaint.formats.onnx.OnnxBertReader;
import org.explaint.formats.tf.TfBertReader;
import org.explaint.runtime.DataDirectory;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.Transformer;
import org.explaint.text.HfTokenizer;
import org.explaint.text.Tokenizer;

/**
 * Resolves a model reference (a built-in name or a path) to a loaded model.
 *
 * <p>Built-in names: {@code minilm}, {@code bge-small}, {@code e5-small} (ONNX exports shipped
 * as Maven artifacts) and {@code bert-base-uncased} (Google's TensorFlow checkpoint with its
 * masked-LM head). A path may name a Hugging Face model directory, an {@code .onnx} file, a
 * llama2.c {@code .bin} checkpoint or a {@code .gguf} file.
 *
 * <p>The ONNX built-ins live inside jars on the classpath; on first use the model and its
 * tokenizer are extracted to {@code <cache>/models/<name>/} (see {@link DataDirectory#cacheRoot}),
 * through a temporary file and an atomic rename so that two processes starting at once never
 * see half a file. Later uses find the cached files (checked by size) and map them directly.
 */
public final class ModelCatalog {
    /** The built-in model names. */
    public static final List<String> BUILT_IN = List.of("minilm", "bge-small", "e5-small", "bert-base-uncased");

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class.getName());

    // Built-in ONNX models: name -> stem of the resources at the root of their jar.
    private static final Map<String, String> ONNX_BUILT_IN = Map.of(
            "minilm", "all-minilm-l6-v2",
            "bge-small", "bge-small-en-v1.5",
            "e5-small", "e5-small-v2");

    private ModelCatalog() {
    }

    /**
     * Loads a model by built-in name or path.
     *
     * @throws ExplaintException for an unknown name, a missing file or an unreadable model
     */
    public static LoadedModel load(String reference) {
        String stem = ONNX_BUILT_IN.get(reference);
        if (stem != null) {
            Path folder = DataDirectory.cacheRoot().resolve("models").resolve(reference);
            Path model = extract(stem + ".onnx", folder);
            Path tokenizer = extract(stem + "-tokenizer.json", folder);
            return loadOnnx(reference, model, tokenizer);
        }
        if (reference.equals("bert-base-uncased")) {
            return loadTensorFlow(reference);
        }

        Path path = Path.of(reference);
        String file = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path) && TfBertReader.isCheckpointFolder(path)) {
            return TfBertReader.read(path).toLoadedModel(reference);
        }
        if (Files.isDirectory(path)) {
            return loadHuggingFace(reference, path);
        }
        if (file.endsWith(".onnx")) {
            return loadOnnx(reference, path, tokenizerBeside(path));
        }
        if (file.endsWith(".bin")) {
            return loadLlama2c(reference, path);
        }
        if (file.endsWith(".gguf")) {
            return loadGguf(reference, path);
        }
        throw new ExplaintException("unknown model '" + reference + "': it is neither a built-in name ("
                + String.join(", ", BUILT_IN) + ") nor a path explaint can read; give a Hugging Face model "
                + "directory (config.json, model.safetensors, tokenizer.json), an .onnx file with its "
                + "tokenizer.json beside it, a llama2.c .bin checkpoint or a .gguf file"
                + (Files.exists(path) ? "" : " (no file or folder of that name exists)"));
    }

    /** Loads an ONNX BERT export and its tokenizer, checking that they belong together. */
    static LoadedModel loadOnnx(String name, Path model, Path tokenizerFile) {
        OnnxBertReader.Checkpoint checkpoint = OnnxBertReader.read(model);
        HfTokenizer tokenizer = HfTokenizer.load(tokenizerFile);
        checkVocabulary(model, checkpoint.config().vocabSize(), tokenizer);
        Transformer transformer = new Transformer(checkpoint.config(), checkpoint.weights());
        LOG.fine(() -> "loaded " + name + " from " + model);
        return new LoadedModel(name, transformer, tokenizer, model, "onnx");
    }

    // The tokenizer of an .onnx file: tokenizer.json in the same folder, else <stem>-tokenizer.json.
    private static Path tokenizerBeside(Path model) {
        Path folder = model.toAbsolutePath().getParent();
        Path plain = folder.resolve("tokenizer.json");
        String name = model.getFileName().toString();
        Path stemmed = folder.resolve(name.substring(0, name.length() - ".onnx".length()) + "-tokenizer.json");
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        if (Files.isRegularFile(stemmed)) {
            return stemmed;
        }
        throw new ModelFormatException("no tokenizer for ONNX model " + model + ": looked for " + plain
                + " and " + stemmed + "; put the model's Hugging Face tokenizer.json beside it");
    }

    private static void checkVocabulary(Path model, int rows, Tokenizer tokenizer) {
        if (tokenizer.vocabularySize() != rows) {
            throw new ModelFormatException("the tokenizer beside " + model + " has "
                    + tokenizer.vocabularySize() + " entries but the model's token embedding has " + rows
                    + " rows; the tokenizer belongs to another model: use the tokenizer.json shipped "
                    + "with this model");
        }
    }

    // Copies a classpath resource to the cache once; a cached file of the right size is reused.
    private static Path extract(String resource, Path folder) {
        URL url = ModelCatalog.class.getResource("/" + resource);
        if (url == null) {
            throw new ExplaintException("the built-in model file " + resource + " is not on the classpath; "
                    + "this build of explaint lacks the jar that ships it (check cli/pom.xml and run "
                    + "'mvn package' again)");
        }
        Path target = folder.resolve(resource);
        try {
            URLConnection connection = url.openConnection();
            long size = connection.getContentLengthLong();
            if (size > 0 && Files.isRegularFile(target) && Files.size(target) == size) {
                return target;
            }
            Files.createDirectories(folder);
            Path part = Files.createTempFile(folder, resource, ".part");
            try (InputStream in = connection.getInputStream()) {
                long copied = Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                if (size > 0 && copied != size) {
                    throw new IOException("copied " + copied + " of " + size + " bytes");
                }
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
            LOG.info(() -> "extracted " + resource + " to " + target);
            return target;
        } catch (IOException e) {
            throw new ExplaintException("cannot extract the built-in model file " + resource + " to " + folder
                    + " (" + e.getMessage() + "); make the cache folder writable or set XDG_CACHE_HOME "
                    + "to a writable folder", e);
        }
    }

    // Hooks for the readers that other parts of the build provide; wired where those land.

    private static LoadedModel loadTensorFlow(String reference) {
        return TfBertReader.loadBuiltIn().toLoadedModel(reference);
    }

    private static LoadedModel loadHuggingFace(String reference, Path folder) {
        HfModelParts parts = HfModelReader.read(folder);
        if (parts.tokenizer() == null) {
            throw new ModelFormatException(folder + " has no tokenizer.json; explaint needs the model's "
                    + "Hugging Face tokenizer.json in the same folder as config.json");
        }
        HfTokenizer tokenizer = HfTokenizer.load(parts.tokenizer());
        // Checkpoints may pad the embedding table beyond the tokenizer; never the other way round.
        if (tokenizer.vocabularySize() > parts.config().vocabSize()) {
            checkVocabulary(folder, parts.config().vocabSize(), tokenizer);
        }
        Transformer transformer = new Transformer(parts.config(), parts.weights());
        return new LoadedModel(reference, transformer, tokenizer, folder, "hf");
    }

    private static LoadedModel loadLlama2c(String reference, Path file) {
        throw notInThisBuild(reference, "llama2.c .bin checkpoints");
    }

    private static LoadedModel loadGguf(String reference, Path file) {
        throw notInThisBuild(reference, "GGUF files");
    }

    private static ExplaintException notInThisBuild(String reference, String format) {
        return new ExplaintException("cannot load '" + reference + "': " + format + " are not readable in "
                + "this build of explaint yet; use an ONNX model for now (minilm, bge-small, e5-small, or "
                + "an .onnx file with its tokenizer.json)");
    }
}
