package org.explaint.formats.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.Tensor;

/**
 * Reads tensors from a safetensors file (Hugging Face's format: an 8-byte little-endian header
 * length, a JSON header, then the raw little-endian tensor bytes).
 *
 * <p>The file is memory-mapped and its whole header is checked when it is opened: every entry's
 * dtype, shape and byte range must be consistent, inside the file and free of overlap, so a
 * corrupt or truncated file fails here with the file and tensor named, before anything is
 * allocated for it. {@link #read} converts F32, F16, BF16 and F64 tensors to float32 with one
 * copy out of the mapping; other dtypes are listed by {@link #entry} but not read.
 *
 * <p>Close the reader to unmap the file; tensors already read stay valid.
 */
public final class SafetensorsReader implements AutoCloseable {
    /** The largest JSON header accepted, as in the reference implementation (100 MB). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1),
            Map.entry("U64", 8), Map.entry("U32", 4), Map.entry("U16", 2), Map.entry("U8", 1),
            Map.entry("BOOL", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1));
    private static final ValueLayout.OfFloat F32 =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * One tensor as the header describes it.
     *
     * @param name  the tensor's name in the file
     * @param dtype the safetensors dtype, e.g. {@code F32}
     * @param shape the dimensions, outermost first
     * @param begin first byte of the data, counted from the end of the header
     * @param end   one past the last byte of the data
     */
    public record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    private final Path file;
    private final Arena arena;
    private final MemorySegment data;   // the bytes after the header
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsReader(Path file, Arena arena, MemorySegment data, Map<String, Entry> entries,
                              Map<String, String> metadata) {
        this.file = file;
        this.arena = arena;
        this.data = data;
        this.entries = entries;
        this.metadata = metadata;
    }

    /**
     * Maps a safetensors file and checks its header.
     *
     * @throws ModelFormatException when the file is missing, unreadable, truncated or inconsistent
     */
    public static SafetensorsReader open(Path file) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw fail(file, "is " + size + " bytes long, shorter than the 8-byte header length");
            }
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLength = whole.get(U64, 0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw fail(file, "claims a JSON header of " + headerLength + " bytes but the file has "
                        + (size - 8) + " bytes after the length field (headers of 2 bytes to "
                        + MAX_HEADER_BYTES + " bytes are accepted); the file is truncated or not "
                        + "safetensors");
            }
            byte[] header = whole.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment data = whole.asSlice(8 + headerLength);
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Entry> entries = parseHeader(file, header, data.byteSize(), metadata);
            return new SafetensorsReader(file, arena, data, entries, metadata);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new ModelFormatException("safetensors file " + file + " does not exist", e);
        } catch (IOException e) {
            arena.close();
            throw new ModelFormatException("cannot read safetensors file " + file + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The file this reader maps. */
    public Path file() {
        return file;
    }

    /** The tensor names, in the order of their data in the file. */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** Whether the file holds a tensor of this name. */
    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The header entry of a tensor; fails naming the file when it is absent. */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw fail(file, "has no tensor '" + name + "'");
        }
        return e;
    }

    /** The free-form string metadata of the header ({@code __metadata__}), possibly empty. */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /**
     * Reads a tensor as float32.
     *
     * @throws ModelFormatException when the tensor is absent or of a dtype other than F32, F16,
     *                              BF16 or F64, or too large for one Java array
     */
    public Tensor read(String name) {
        Entry e = entry(name);
        int n;
        try {
            n = Tensor.sizeOf(e.shape());
        } catch (IllegalArgumentException tooLarge) {
            throw fail(file, "tensor '" + name + "': " + tooLarge.getMessage());
        }
        float[] out = new float[n];
        MemorySegment bytes = data.asSlice(e.begin(), e.end() - e.begin());
        switch (e.dtype()) {
            case "F32" -> MemorySegment.copy(bytes, F32, 0, out, 0, n);
            case "F64" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) bytes.getAtIndex(F64, i);
                }
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.float16ToFloat(bytes.getAtIndex(U16, i));
                }
            }
            case "BF16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((bytes.getAtIndex(U16, i) & 0xFFFF) << 16);
                }
            }
            default -> throw fail(file, "tensor '" + name + "' has dtype " + e.dtype()
                    + ", which explaint cannot read as weights (F32, F16, BF16 and F64 are supported)");
        }
        return Tensor.of(out, e.shape());
    }

    /** Unmaps the file. */
    @Override
    public void close() {
        arena.close();
    }

    // Parses and checks every entry of the JSON header against the `dataBytes` that follow it.
    private static Map<String, Entry> parseHeader(Path file, byte[] header, long dataBytes,
                                                  Map<String, String> metadata) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(new String(header, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw fail(file, "has a header that is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw fail(file, "has a header that is not a JSON object");
        }
        List<Entry> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals("__metadata__")) {
                for (Map.Entry<String, JsonNode> m : field.getValue().properties()) {
                    metadata.put(m.getKey(), m.getValue().asText());
                }
                continue;
            }
            list.add(parseEntry(file, field.getKey(), field.getValue(), dataBytes));
        }

        // Byte ranges must not overlap; tensors come back in file order.
        list.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Map<String, Entry> entries = new LinkedHashMap<>();
        Entry previous = null;
        for (Entry e : list) {
            if (previous != null && e.begin() < previous.end()) {
                throw fail(file, "tensor '" + e.name() + "' (bytes " + e.begin() + ".." + e.end()
                        + ") overlaps tensor '" + previous.name() + "' (bytes " + previous.begin() + ".."
                        + previous.end() + ")");
            }
            if (e.end() > e.begin()) {
                previous = e;
            }
            entries.put(e.name(), e);
        }
        return entries;
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataBytes) {
        String what = "tensor '" + name + "'";
        if (!node.isObject() || !node.path("dtype").isTextual() || !node.path("shape").isArray()
                || !node.path("data_offsets").isArray() || node.path("data_offsets").size() != 2) {
            throw fail(file, what + " needs a dtype string, a shape array and two data_offsets");
        }
        String dtype = node.get("dtype").asText();
        Integer width = DTYPE_BYTES.get(dtype);
        if (width == null) {
            throw fail(file, what + " has unknown dtype '" + dtype + "' (known: "
                    + new java.util.TreeSet<>(DTYPE_BYTES.keySet()) + ")");
        }
        int[] shape = new int[node.get("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get("shape").get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.asInt() < 0) {
                throw fail(file, what + " has an invalid dimension " + d + " in its shape");
            }
            shape[i] = d.asInt();
            try {
                count = Math.multiplyExact(count, (long) shape[i]);
            } catch (ArithmeticException overflow) {
                count = Long.MAX_VALUE;
            }
        }
        if (count > Long.MAX_VALUE / 8) {
            throw fail(file, what + " has a shape " + node.get("shape") + " too large to address");
        }
        JsonNode offsets = node.get("data_offsets");
        if (!offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw fail(file, what + " has non-integer data_offsets " + offsets);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > dataBytes) {
            throw fail(file, what + " claims bytes " + begin + ".." + end + " but the data section holds "
                    + dataBytes + " bytes; the file is truncated or its header is corrupt");
        }
        if (end - begin != count * width) {
            throw fail(file, what + " of dtype " + dtype + " and shape " + node.get("shape") + " needs "
                    + count * width + " bytes but its data_offsets span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static ModelFormatException fail(Path file, String problem) {
        return new ModelFormatException("safetensors file " + file + " " + problem
                + "; re-export or re-download the model");
    }
}
