package org.explaint.formats.hf;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;

/**
 * The fields of a Hugging Face {@code config.json}, read with checks whose messages name the
 * file, the key and the value found.
 */
final class HfConfigFile {
    private final Path file;
    private final JsonNode root;

    private HfConfigFile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads a config.json; fails naming the file when it is missing or not a JSON object. */
    static HfConfigFile read(Path file) {
        JsonNode root = readJson(file);
        if (!root.isObject()) {
            throw new ModelFormatException(file + " is not a JSON object, so it is not a Hugging Face "
                    + "config");
        }
        return new HfConfigFile(file, root);
    }

    /** Parses a JSON file, failing with a message that names it. */
    static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + " does not exist; a Hugging Face model directory needs "
                    + "it next to the weights", e);
        } catch (JacksonException e) {
            throw new ModelFormatException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file this config was read from. */
    Path file() {
        return file;
    }

    /** The raw node of a key (a missing node when absent). */
    JsonNode node(String key) {
        return root.path(key);
    }

    /** A string value, or {@code fallback} when the key is absent or null. */
    String string(String key, String fallback) {
        JsonNode n = root.path(key);
        return n.isMissingNode() || n.isNull() ? fallback : n.asText();
    }

    /** A positive integer that must be present. */
    int positive(String key) {
        JsonNode n = root.path(key);
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
            throw new ModelFormatException(file + " needs a positive integer \"" + key + "\" but has "
                    + (n.isMissingNode() ? "none" : n.toString()));
        }
        return n.asInt();
    }

    /** A positive integer, or {@code fallback} when the key is absent or null. */
    int positive(String key, int fallback) {
        JsonNode n = root.path(key);
        return n.isMissingNode() || n.isNull() ? fallback : positive(key);
    }

    /** A non-negative integer, or {@code fallback} when the key is absent or null. */
    int count(String key, int fallback) {
        JsonNode n = root.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw new ModelFormatException(file + " needs a non-negative integer \"" + key
                    + "\" but has " + n);
        }
        return n.asInt();
    }

    /** A positive finite number, or {@code fallback} when the key is absent or null. */
    double number(String key, double fallback) {
        JsonNode n = root.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || !(n.asDouble() > 0) || !Double.isFinite(n.asDouble())) {
            throw new ModelFormatException(file + " needs a positive number \"" + key
                    + "\" but has " + n);
        }
        return n.asDouble();
    }

    /** A boolean, or {@code fallback} when the key is absent or null. */
    boolean flag(String key, boolean fallback) {
        JsonNode n = root.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new ModelFormatException(file + " needs true or false for \"" + key
                    + "\" but has " + n);
        }
        return n.asBoolean();
    }

    /**
     * The GELU variant named by an activation key: {@code gelu} is the exact (erf) form;
     * {@code gelu_new} and {@code gelu_pytorch_tanh} are the tanh approximation.
     */
    ModelConfig.Activation gelu(String key, String fallback) {
        String name = string(key, fallback);
        return switch (name) {
            case "gelu" -> ModelConfig.Activation.GELU_ERF;
            case "gelu_new", "gelu_pytorch_tanh" -> ModelConfig.Activation.GELU_TANH;
            default -> throw unsupported(key, "\"" + name + "\"", "gelu, gelu_new, gelu_pytorch_tanh");
        };
    }

    /** An error saying a value is not supported and listing what is. */
    ExplaintException unsupported(String key, Object value, String supported) {
        return new ExplaintException(file + " sets \"" + key + "\" to " + value + ", which explaint does "
                + "not support; supported: " + supported);
    }
}
