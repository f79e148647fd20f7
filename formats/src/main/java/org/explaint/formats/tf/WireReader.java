package org.explaint.formats.tf;

import org.explaint.runtime.ModelFormatException;

/**
 * A bounds-checked cursor over a byte range that decodes the primitives TensorFlow's files are
 * built from: base-128 varints, little-endian fixed-width integers and length-prefixed ranges.
 *
 * <p>Every read checks that it stays inside the range, so a truncated or corrupt file fails with
 * a {@link ModelFormatException} naming the file, never with an index error or a huge allocation.
 */
final class WireReader {
    private final byte[] bytes;
    private final int end;
    private final String source;
    private int position;

    /**
     * A cursor over {@code bytes[start, end)}.
     *
     * @param source what the bytes are, for error messages (a file name and the part of it)
     */
    WireReader(byte[] bytes, int start, int end, String source) {
        if (start < 0 || end > bytes.length || start > end) {
            throw new ModelFormatException(source + ": the range [" + start + ", " + end
                    + ") lies outside the " + bytes.length + " bytes read; the file is corrupt");
        }
        this.bytes = bytes;
        this.position = start;
        this.end = end;
        this.source = source;
    }

    /** Whether bytes remain before the end of the range. */
    boolean hasMore() {
        return position < end;
    }

    /** The offset of the next byte in the underlying array. */
    int position() {
        return position;
    }

    /** Decodes an unsigned base-128 varint of at most 64 bits. */
    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            require(1);
            int b = bytes[position++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw corrupt("a varint longer than 10 bytes");
    }

    /** Decodes a varint that must fit a non-negative int (a length or a count). */
    int length() {
        long value = varint();
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw corrupt("a length of " + Long.toUnsignedString(value));
        }
        return (int) value;
    }

    /** Reads a little-endian 32-bit integer. */
    int fixed32() {
        require(4);
        int value = littleEndianInt(bytes, position);
        position += 4;
        return value;
    }

    /** Reads a little-endian 64-bit integer. */
    long fixed64() {
        require(8);
        long low = littleEndianInt(bytes, position) & 0xFFFFFFFFL;
        long high = littleEndianInt(bytes, position + 4) & 0xFFFFFFFFL;
        position += 8;
        return low | high << 32;
    }

    /** Skips {@code n} bytes and returns the offset where they start. */
    int skip(int n) {
        require(n);
        int start = position;
        position += n;
        return start;
    }

    /** A cursor over the next {@code n} bytes, which this cursor then skips. */
    WireReader sub(int n, String part) {
        int start = skip(n);
        return new WireReader(bytes, start, start + n, part);
    }

    /** An exception naming the source and what was wrong at the current position. */
    ModelFormatException corrupt(String what) {
        return new ModelFormatException(source + ": " + what + " at byte " + position
                + "; the file is corrupt or not a TensorFlow checkpoint");
    }

    /** The little-endian int at {@code offset} of {@code bytes}. */
    static int littleEndianInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8
                | (bytes[offset + 2] & 0xFF) << 16 | (bytes[offset + 3] & 0xFF) << 24;
    }

    private void require(int n) {
        if (n < 0 || end - position < n) {
            throw corrupt("a value of " + n + " bytes running past the end (" + (end - position)
                    + " left)");
        }
    }
}
