package org.explaint.formats.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.explaint.runtime.ModelFormatException;

/**
 * The parsed header of a GGUF file (llama.cpp's model format, versions 2 and 3): metadata,
 * tensor descriptions and where the data section starts. Tensor data stays in the mapped file.
 *
 * <p>Layout: magic {@code GGUF}, uint32 version, uint64 tensor count, uint64 metadata count,
 * the metadata key/value pairs, the tensor infos (name, rank, dimensions innermost first, ggml
 * type, offset), padding to {@code general.alignment} (default 32), then the data. Every count
 * and length is checked against the bytes that remain before anything is allocated for it.
 */
public final class GgufFile {
    private static final int MAGIC = 0x46554747;   // "GGUF" read little-endian
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * One tensor's description.
     *
     * @param name   the GGUF tensor name, e.g. {@code blk.0.attn_q.weight}
     * @param dims   dimensions innermost first (a PyTorch {@code [out, in]} matrix is {@code [in, out]})
     * @param type   the ggml type
     * @param offset absolute byte offset of the data in the file
     */
    public record TensorInfo(String name, long[] dims, GgmlType type, long offset) {
        /** Number of elements. */
        public long elements() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }

    private final Path path;
    private final MemorySegment file;
    private final int version;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    private long at;

    /**
     * Parses the header of a mapped GGUF file.
     *
     * @throws ModelFormatException when the file is not GGUF, has an unsupported version or
     *                              claims more than it holds
     */
    public GgufFile(Path path, MemorySegment file) {
        this.path = path;
        this.file = file;
        need(24, "the 24-byte header");
        if (file.get(INT, 0) != MAGIC) {
            throw fail("does not start with the GGUF magic bytes; it is not a GGUF file");
        }
        version = file.get(INT, 4);
        if (version != 2 && version != 3) {
            throw fail("is GGUF version " + version + "; only versions 2 and 3 are supported "
                    + "(convert it with a current llama.cpp)");
        }
        long tensorCount = file.get(LONG, 8);
        long kvCount = file.get(LONG, 16);
        at = 24;
        // Each metadata pair takes at least 12 bytes and each tensor info at least 24.
        if (kvCount < 0 || tensorCount < 0 || kvCount > (file.byteSize() - at) / 12
                || tensorCount > (file.byteSize() - at) / 24) {
            throw fail("claims " + kvCount + " metadata entries and " + tensorCount
                    + " tensors, more than its " + file.byteSize() + " bytes can hold; it is corrupt");
        }
        for (long i = 0; i < kvCount; i++) {
            String key = string();
            metadata.put(key, value(u32(), key));
        }
        List<String> names = new ArrayList<>();
        List<long[]> dims = new ArrayList<>();
        List<GgmlType> types = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = string();
            int rank = u32();
            if (rank < 1 || rank > 4) {
                throw fail("gives tensor '" + name + "' rank " + rank + "; ggml tensors have 1 to 4 dimensions");
            }
            need(8L * rank + 12, "the description of tensor '" + name + "'");
            long[] d = new long[rank];
            long elements = 1;
            for (int r = 0; r < rank; r++) {
                d[r] = file.get(LONG, at);
                at += 8;
                // No ggml type packs an element in less than one bit, so no tensor has more
                // elements than the file has bits; checked per dimension, so nothing overflows.
                long limit = 8 * file.byteSize();
                if (d[r] < 1 || d[r] > limit || (elements *= d[r]) > limit) {
                    throw fail("gives tensor '" + name + "' dimension " + d[r] + " (dims so far "
                            + Arrays.toString(Arrays.copyOf(d, r + 1)) + "), more elements than its "
                            + file.byteSize() + " bytes can hold; it is corrupt");
                }
            }
            int typeId = u32();
            names.add(name);
            dims.add(d);
            types.add(GgmlType.of(typeId, name, path));
            offsets.add(file.get(LONG, at));
            at += 8;
        }

        // The data section starts at the next multiple of the alignment.
        long alignment = metadata.get("general.alignment") instanceof Number n ? n.longValue() : 32;
        if (alignment <= 0 || Long.bitCount(alignment) != 1 || alignment > 1 << 30) {
            throw fail("has general.alignment " + alignment + "; it must be a power of two up to 2^30");
        }
        long dataStart = (at + alignment - 1) / alignment * alignment;
        for (int i = 0; i < names.size(); i++) {
            TensorInfo t = new TensorInfo(names.get(i), dims.get(i), types.get(i), dataStart + offsets.get(i));
            long bytes = t.type().bytesFor(t.elements(), t.name(), path);
            long room = file.byteSize() - dataStart;
            if (offsets.get(i) < 0 || offsets.get(i) > room || bytes > room - offsets.get(i)) {
                throw fail("places tensor '" + t.name() + "' " + Arrays.toString(t.dims()) + " ("
                        + bytes + " bytes) at offset " + t.offset() + ", beyond its " + file.byteSize()
                        + " bytes; the file is truncated or corrupt");
            }
            tensors.put(t.name(), t);
        }
    }

    /** The file version (2 or 3). */
    public int version() {
        return version;
    }

    /** Every metadata value: numbers as Java boxed numbers, strings, booleans, arrays as lists. */
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** The tensor descriptions by name, in file order. */
    public Map<String, TensorInfo> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** The mapped file. */
    MemorySegment segment() {
        return file;
    }

    /** A required metadata string. */
    public String string(String key) {
        if (metadata.get(key) instanceof String s) {
            return s;
        }
        throw fail("has no string metadata '" + key + "' (found " + metadata.get(key) + ")");
    }

    /** A required metadata number. */
    public Number number(String key) {
        if (metadata.get(key) instanceof Number n) {
            return n;
        }
        throw fail("has no numeric metadata '" + key + "'; it is not a complete model of its architecture");
    }

    /** An optional metadata number. */
    public Number number(String key, Number fallback) {
        return metadata.get(key) instanceof Number n ? n : fallback;
    }

    ModelFormatException fail(String what) {
        return new ModelFormatException("the GGUF file " + path + " " + what);
    }

    private void need(long bytes, String what) {
        // Written as a subtraction: `at + bytes` overflows for a claimed length near 2^63.
        if (bytes < 0 || bytes > file.byteSize() - at) {
            throw fail("ends (at byte " + at + ") inside " + what + "; the file is truncated");
        }
    }

    private int u32() {
        need(4, "a 32-bit field");
        int v = file.get(INT, at);
        at += 4;
        return v;
    }

    private String string() {
        need(8, "a string length");
        long n = file.get(LONG, at);
        at += 8;
        need(n, "a string of " + n + " bytes");
        byte[] b = file.asSlice(at, n).toArray(BYTE);
        at += n;
        return new String(b, StandardCharsets.UTF_8);
    }

    // One metadata value of GGUF value type `type`.
    private Object value(int type, String key) {
        switch (type) {
            case 0, 1, 7 -> {
                need(1, "the value of '" + key + "'");
                byte b = file.get(BYTE, at++);
                return type == 0 ? (Object) (b & 0xff) : type == 1 ? (Object) (int) b : (Object) (b != 0);
            }
            case 2, 3 -> {
                need(2, "the value of '" + key + "'");
                short s = file.get(SHORT, at);
                at += 2;
                return type == 2 ? s & 0xffff : (int) s;
            }
            case 4, 5 -> {
                int v = u32();
                return type == 4 ? (Object) Integer.toUnsignedLong(v) : (Object) v;
            }
            case 6 -> {
                need(4, "the value of '" + key + "'");
                float f = file.get(FLOAT, at);
                at += 4;
                return f;
            }
            case 8 -> {
                return string();
            }
            case 9 -> {
                int elementType = u32();
                need(8, "the length of array '" + key + "'");
                long count = file.get(LONG, at);
                at += 8;
                if (count < 0 || count > file.byteSize() - at) {
                    throw fail("claims " + count + " elements for array '" + key + "', more than the file holds");
                }
                List<Object> list = new ArrayList<>((int) Math.min(count, 1 << 20));
                for (long i = 0; i < count; i++) {
                    list.add(value(elementType, key));
                }
                return list;
            }
            case 10, 11 -> {
                need(8, "the value of '" + key + "'");
                long v = file.get(LONG, at);
                at += 8;
                return v;
            }
            case 12 -> {
                need(8, "the value of '" + key + "'");
                double d = file.get(DOUBLE, at);
                at += 8;
                return d;
            }
            default -> throw fail("gives metadata '" + key + "' the unknown value type " + type);
        }
    }
}
