package org.explaint.formats.tf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.explaint.runtime.ModelFormatException;

/**
 * Reads TensorFlow's table file, the sorted key-value file behind a checkpoint's
 * {@code variables.index}.
 *
 * <p>The layout is LevelDB's sorted string table (Ghemawat and Dean, 2011) as TensorFlow's
 * {@code lib/io/table} writes it: data blocks of key-value entries whose keys share a prefix
 * with the previous key, an index block whose values point at the data blocks, and a 48-byte
 * footer holding the index block's position and a magic number. Every block is followed by a
 * compression byte and a masked CRC-32C of the block, which are checked here.
 *
 * <p>Limitations, stated plainly: compressed blocks (TensorFlow never compresses checkpoint
 * indexes) are rejected, the meta-index block (bloom filters) is ignored, and the whole file is
 * read into memory, which suits index files of kilobytes to a few megabytes.
 */
final class TableFile {
    /** The magic number ending every table file. */
    static final long MAGIC = 0xDB4775248B80FB57L;
    private static final int FOOTER_LENGTH = 48;
    private static final int TRAILER_LENGTH = 5;
    private static final int CRC_MASK_DELTA = 0xA282EAD8;

    private TableFile() {
    }

    /**
     * Every entry of a table file, in key order.
     *
     * @return key (UTF-8) to value bytes
     * @throws ModelFormatException when the file is unreadable, truncated or corrupt
     */
    static Map<String, byte[]> read(Path file) {
        byte[] bytes = readAll(file);
        String name = file.toString();
        if (bytes.length < FOOTER_LENGTH) {
            throw new ModelFormatException(name + " has " + bytes.length + " bytes, fewer than a "
                    + "table file's 48-byte footer; the checkpoint index is truncated");
        }

        // Footer: the meta-index handle, the index handle, padding, the magic number.
        int footerStart = bytes.length - FOOTER_LENGTH;
        WireReader footer = new WireReader(bytes, footerStart, bytes.length, name + " footer");
        blockHandle(footer, footerStart, name);
        int[] index = blockHandle(footer, footerStart, name);
        WireReader magic = new WireReader(bytes, bytes.length - 8, bytes.length, name + " footer");
        if (magic.fixed64() != MAGIC) {
            throw new ModelFormatException(name + " does not end in the table magic number; it "
                    + "is not a TensorFlow checkpoint index (variables.index)");
        }

        // The index block's values are the handles of the data blocks.
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (byte[] handleBytes : block(bytes, index, name).values()) {
            WireReader handle = new WireReader(handleBytes, 0, handleBytes.length, name + " index");
            entries.putAll(block(bytes, blockHandle(handle, footerStart, name), name));
        }
        return entries;
    }

    /** The masked CRC-32C TensorFlow and LevelDB store: the checksum rotated and offset. */
    static int maskedCrc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return mask((int) crc.getValue());
    }

    /** Masks a CRC-32C value as TensorFlow stores it. */
    static int mask(int crc) {
        return Integer.rotateRight(crc, 15) + CRC_MASK_DELTA;
    }

    // A block handle {offset, size}, checked to lie with its trailer before `limit`.
    private static int[] blockHandle(WireReader in, int limit, String name) {
        long offset = in.varint();
        long size = in.varint();
        if (offset < 0 || size < 0 || offset + size + TRAILER_LENGTH > limit) {
            throw new ModelFormatException(name + ": a block at offset " + offset + " of " + size
                    + " bytes runs past the data region (" + limit
                    + " bytes); the index is corrupt");
        }
        return new int[] {(int) offset, (int) size};
    }

    // The entries of one block, keys expanded from their shared prefixes.
    private static Map<String, byte[]> block(byte[] bytes, int[] handle, String name) {
        int offset = handle[0];
        int size = handle[1];
        String where = name + " block at " + offset;

        // Trailer: compression type, then the masked checksum of the block and that byte.
        if (bytes[offset + size] != 0) {
            throw new ModelFormatException(where + " is compressed (type " + bytes[offset + size]
                    + "); only uncompressed checkpoint indexes are supported");
        }
        int stored = WireReader.littleEndianInt(bytes, offset + size + 1);
        if (maskedCrc32c(bytes, offset, size + 1) != stored) {
            throw new ModelFormatException(where + " fails its CRC-32C check; the file is corrupt");
        }

        // The restart array at the block's end is not needed for a full scan, only skipped.
        if (size < 4) {
            throw new ModelFormatException(where + " is too short to hold its restart count");
        }
        long restarts = WireReader.littleEndianInt(bytes, offset + size - 4) & 0xFFFFFFFFL;
        long entriesEnd = offset + size - 4 - 4 * restarts;
        if (entriesEnd < offset) {
            throw new ModelFormatException(where + " claims " + restarts + " restart points, more "
                    + "than its " + size + " bytes hold; the file is corrupt");
        }

        Map<String, byte[]> entries = new LinkedHashMap<>();
        WireReader in = new WireReader(bytes, offset, (int) entriesEnd, where);
        byte[] key = new byte[0];
        while (in.hasMore()) {
            int shared = in.length();
            int unshared = in.length();
            int valueLength = in.length();
            if (shared > key.length) {
                throw in.corrupt("a key sharing " + shared + " bytes with a previous key of "
                        + key.length);
            }
            int keyStart = in.skip(unshared);
            byte[] next = Arrays.copyOf(key, shared + unshared);
            System.arraycopy(bytes, keyStart, next, shared, unshared);
            key = next;
            int valueStart = in.skip(valueLength);
            entries.put(new String(key, StandardCharsets.UTF_8),
                    Arrays.copyOfRange(bytes, valueStart, valueStart + valueLength));
        }
        return entries;
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            throw new ModelFormatException("cannot read checkpoint index " + file + " (" + e + "); "
                    + "check that the file exists and is a variables.index", e);
        }
    }
}
