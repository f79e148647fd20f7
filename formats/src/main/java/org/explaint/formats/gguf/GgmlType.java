package org.explaint.formats.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.explaint.runtime.ModelFormatException;

/** The ggml tensor element types explaint can read, and how to turn their bytes into float32. */
public enum GgmlType {
    /** IEEE float32. */
    F32(0, 1, 4),
    /** IEEE float16. */
    F16(1, 1, 2),
    /** Blocks of 32 int8 values sharing one float16 scale (34 bytes per block). */
    Q8_0(8, 32, 34);

    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int id;
    private final int blockSize;
    private final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /**
     * The type with ggml id {@code id}.
     *
     * @throws ModelFormatException naming the tensor and listing the supported types otherwise
     */
    static GgmlType of(int id, String tensor, Path file) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        throw new ModelFormatException("tensor '" + tensor + "' of the GGUF file " + file + " has ggml type "
                + id + ", which explaint cannot read; supported types are F32 (0), F16 (1) and Q8_0 (8). "
                + "Re-export the model with llama.cpp's converter using --outtype f32, f16 or q8_0");
    }

    /** Bytes taken by {@code elements} values. */
    long bytesFor(long elements, String tensor, Path file) {
        if (elements % blockSize != 0) {
            throw new ModelFormatException("tensor '" + tensor + "' of the GGUF file " + file + " has "
                    + elements + " elements, not a multiple of the " + name() + " block size " + blockSize);
        }
        return elements / blockSize * blockBytes;
    }

    /**
     * Decodes {@code n} consecutive values starting at element {@code first} of a tensor whose data
     * begins at {@code base}; {@code first} and {@code n} must be multiples of the block size.
     */
    void decode(MemorySegment file, long base, long first, float[] out, int outOff, int n) {
        switch (this) {
            case F32 -> MemorySegment.copy(file, FLOAT, base + 4 * first, out, outOff, n);
            case F16 -> {
                long p = base + 2 * first;
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = Float.float16ToFloat(file.get(SHORT, p + 2L * i));
                }
            }
            case Q8_0 -> {
                long p = base + first / 32 * 34;
                for (int b = 0; b < n / 32; b++, p += 34) {
                    float scale = Float.float16ToFloat(file.get(SHORT, p));
                    for (int i = 0; i < 32; i++) {
                        out[outOff + b * 32 + i] = scale * file.get(ValueLayout.JAVA_BYTE, p + 2 + i);
                    }
                }
            }
        }
    }
}
