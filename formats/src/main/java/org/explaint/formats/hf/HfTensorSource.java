package org.explaint.formats.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.explaint.formats.safetensors.SafetensorsReader;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.Tensor;

/**
 * The tensors of a Hugging Face model directory, from {@code model.safetensors} or from the
 * shards listed in {@code model.safetensors.index.json}, looked up with or without the
 * architecture's prefix ({@code bert.}, {@code transformer.}, {@code model.}).
 *
 * <p>Every read is checked against the shape the config implies before its data is copied, and
 * a mismatch names the file and the tensor.
 */
final class HfTensorSource implements AutoCloseable {
    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";

    private final Path directory;
    private final String prefix;
    private final List<SafetensorsReader> readers = new ArrayList<>();
    private final Map<String, SafetensorsReader> byName = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    private HfTensorSource(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    /** Opens the weights of a model directory; {@code prefix} is tried when a name is absent. */
    static HfTensorSource open(Path directory, String prefix) {
        HfTensorSource source = new HfTensorSource(directory, prefix);
        try {
            Path single = directory.resolve(SINGLE);
            Path index = directory.resolve(INDEX);
            if (Files.isRegularFile(single)) {
                source.add(SafetensorsReader.open(single));
            } else if (Files.isRegularFile(index)) {
                source.openShards(index);
            } else {
                throw new ModelFormatException("the model directory " + directory + " has neither "
                        + SINGLE + " nor " + INDEX + "; explaint reads Hugging Face weights only in the "
                        + "safetensors format (save with safe_serialization=True)");
            }
            return source;
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** Whether the weights hold this tensor (with or without the prefix). */
    boolean has(String name) {
        return resolve(name) != null;
    }

    /**
     * Reads a tensor that must exist with exactly this shape.
     *
     * @throws ModelFormatException naming the file and tensor when it is absent or misshapen
     */
    Tensor require(String name, int... shape) {
        String key = resolve(name);
        if (key == null) {
            throw new ModelFormatException("the weights in " + directory + " have no tensor '" + name
                    + "' (nor '" + prefix + name + "'), which config.json's architecture needs; "
                    + "the weights are incomplete or belong to another architecture");
        }
        SafetensorsReader reader = byName.get(key);
        int[] actual = reader.entry(key).shape();
        if (!Arrays.equals(actual, shape)) {
            throw new ModelFormatException("tensor '" + key + "' in " + reader.file() + " has shape "
                    + Arrays.toString(actual) + " but config.json implies " + Arrays.toString(shape)
                    + "; the weights and config.json do not belong together");
        }
        used.add(key);
        return reader.read(key);
    }

    /** The names of tensors in the files that no {@link #require} has read, in file order. */
    List<String> unused() {
        List<String> out = new ArrayList<>();
        for (String name : byName.keySet()) {
            if (!used.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Reads a tensor checked against a shape, or returns null where it is absent. */
    Tensor optional(String name, int... shape) {
        return has(name) ? require(name, shape) : null;
    }

    /**
     * Reads a PyTorch {@code Linear} weight stored {@code [out, in]} and returns it {@code [in, out]}.
     */
    Tensor linear(String name, int in, int out) {
        return transpose(require(name, out, in));
    }

    /** The transpose of a matrix {@code [rows, cols]} as a new tensor {@code [cols, rows]}. */
    static Tensor transpose(Tensor m) {
        int rows = m.dim(0);
        int cols = m.dim(1);
        float[] src = m.toArrayShared();
        float[] dst = new float[src.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = src[r * cols + c];
            }
        }
        return Tensor.of(dst, cols, rows);
    }

    @Override
    public void close() {
        for (SafetensorsReader r : readers) {
            r.close();
        }
        readers.clear();
    }

    private String resolve(String name) {
        if (byName.containsKey(name)) {
            return name;
        }
        return byName.containsKey(prefix + name) ? prefix + name : null;
    }

    private void add(SafetensorsReader reader) {
        readers.add(reader);
        for (String name : reader.names()) {
            SafetensorsReader earlier = byName.putIfAbsent(name, reader);
            if (earlier != null) {
                throw new ModelFormatException("tensor '" + name + "' appears in both " + earlier.file()
                        + " and " + reader.file() + "; the shards of " + directory + " are inconsistent");
            }
        }
    }

    // Opens every shard the index names, once each, in the order they first appear.
    private void openShards(Path index) {
        JsonNode map = HfConfigFile.readJson(index).path("weight_map");
        if (!map.isObject() || map.isEmpty()) {
            throw new ModelFormatException(index + " has no \"weight_map\" object naming the shard of "
                    + "each tensor; the index is corrupt");
        }
        List<String> shards = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String shard = e.getValue().asText();
            Path path = directory.resolve(shard).normalize();
            if (!path.getParent().equals(directory.normalize()) || !shard.endsWith(".safetensors")) {
                throw new ModelFormatException(index + " maps tensor '" + e.getKey() + "' to '" + shard
                        + "', which is not a .safetensors file inside " + directory);
            }
            if (!shards.contains(shard)) {
                shards.add(shard);
            }
        }
        for (String shard : shards) {
            add(SafetensorsReader.open(directory.resolve(shard)));
        }
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            SafetensorsReader holder = byName.get(e.getKey());
            if (holder == null || !holder.file().getFileName().toString().equals(e.getValue().asText())) {
                throw new ModelFormatException(index + " places tensor '" + e.getKey() + "' in "
                        + e.getValue().asText() + " but that shard does not hold it");
            }
        }
    }
}
