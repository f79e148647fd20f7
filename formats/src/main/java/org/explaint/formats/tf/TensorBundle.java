package org.explaint.formats.tf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.Tensor;

/**
 * A TensorFlow checkpoint ("tensor bundle"): the {@code PREFIX.index} table and the
 * {@code PREFIX.data-NNNNN-of-MMMMM} shards it points into, read without TensorFlow.
 *
 * <p>Opening reads the index and checks every entry's offset and size against the length of its
 * data shard, so nothing is allocated for a size the files cannot back. The shards are memory
 * mapped; {@link #read} copies one tensor into a new array and checks its CRC-32C. Only
 * little-endian float32 tensors can be read; other entries are listed but rejected by
 * {@link #read}.
 *
 * <p>An instance is used by one thread; {@link #close} unmaps the shards.
 */
public final class TensorBundle implements AutoCloseable {
    private static final ValueLayout.OfFloat FLOAT_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long CRC_CHUNK = 1L << 30;

    private final Path prefix;
    private final Map<String, BundleEntry> entries;
    private final MemorySegment[] shards;
    private final Arena arena;

    private TensorBundle(Path prefix, Map<String, BundleEntry> entries, MemorySegment[] shards,
                         Arena arena) {
        this.prefix = prefix;
        this.entries = entries;
        this.shards = shards;
        this.arena = arena;
    }

    /**
     * Opens a checkpoint by its prefix, e.g. {@code saved_model/variables/variables}.
     *
     * @throws ModelFormatException when a file is missing, truncated or inconsistent
     */
    public static TensorBundle open(Path prefix) {
        Path indexFile = prefix.resolveSibling(prefix.getFileName() + ".index");
        Map<String, byte[]> table = TableFile.read(indexFile);

        // The header (the empty key) gives the shard count; every other key is a tensor.
        byte[] header = table.get("");
        int shardCount = header == null ? 1 : BundleEntry.shardCount(header, indexFile.toString());
        Map<String, BundleEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : table.entrySet()) {
            if (!e.getKey().isEmpty()) {
                entries.put(e.getKey(),
                        BundleEntry.parse(e.getKey(), e.getValue(), indexFile.toString()));
            }
        }

        // Map the shards, then check every entry against its shard's length.
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment[] shards = new MemorySegment[shardCount];
            for (int s = 0; s < shardCount; s++) {
                shards[s] = map(dataFile(prefix, s, shardCount), arena);
            }
            for (BundleEntry e : entries.values()) {
                check(e, shards, dataFile(prefix, Math.min(e.shard(), shardCount - 1), shardCount));
            }
            return new TensorBundle(prefix, entries, shards, arena);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The tensor names, in the index's (sorted) order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** Whether the checkpoint holds a tensor of this name. */
    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The shape of a tensor, outermost first. */
    public long[] shape(String name) {
        return entry(name).shape().clone();
    }

    /**
     * Copies a float32 tensor out of the mapped data and verifies its checksum.
     *
     * @throws ModelFormatException when the tensor is absent, not float32 or fails its CRC-32C
     */
    public Tensor read(String name) {
        BundleEntry e = entry(name);
        if (e.dtype() != BundleEntry.DT_FLOAT) {
            throw new ModelFormatException("tensor '" + name + "' of checkpoint " + prefix
                    + " has TensorFlow dtype " + e.dtype() + "; only float32 (1) is read");
        }
        MemorySegment shard = shards[e.shard()];

        // Verify the bytes before trusting them.
        CRC32C crc = new CRC32C();
        for (long at = 0; at < e.size(); at += CRC_CHUNK) {
            long n = Math.min(CRC_CHUNK, e.size() - at);
            crc.update(shard.asSlice(e.offset() + at, n).asByteBuffer());
        }
        if (TableFile.mask((int) crc.getValue()) != e.crc32c()) {
            throw new ModelFormatException("tensor '" + name + "' of checkpoint " + prefix
                    + " fails its CRC-32C check; the data file is corrupt, delete it to extract "
                    + "again");
        }

        int[] shape = Arrays.stream(e.shape()).mapToInt(d -> (int) d).toArray();
        float[] values = new float[Tensor.sizeOf(shape)];
        MemorySegment.copy(shard, FLOAT_LE, e.offset(), values, 0, values.length);
        return Tensor.of(values, shape);
    }

    /** Unmaps the data shards; tensors already read stay valid. */
    @Override
    public void close() {
        arena.close();
    }

    private BundleEntry entry(String name) {
        BundleEntry e = entries.get(name);
        if (e == null) {
            throw new ModelFormatException("checkpoint " + prefix + " has no tensor '" + name
                    + "'; it is incomplete or of another architecture");
        }
        return e;
    }

    // Sizes a file claims are checked against what the data shard really holds.
    private static void check(BundleEntry e, MemorySegment[] shards, Path file) {
        String where = "tensor '" + e.name() + "' in " + file;
        if (e.shard() >= shards.length) {
            throw new ModelFormatException(where + " names shard " + e.shard() + " of "
                    + shards.length + "; the index is corrupt");
        }
        long length = shards[e.shard()].byteSize();
        if (e.offset() > length || e.size() > length - e.offset()) {
            throw new ModelFormatException(where + " claims bytes [" + e.offset() + ", "
                    + (e.offset() + e.size()) + ") but the file has " + length
                    + " bytes; the data file is truncated or does not belong to this index");
        }
        if (e.dtype() == BundleEntry.DT_FLOAT) {
            long elements;
            try {
                elements = e.elementCount();
            } catch (ArithmeticException overflow) {
                elements = -1;
            }
            boolean wideDim = Arrays.stream(e.shape()).anyMatch(d -> d > Integer.MAX_VALUE);
            if (wideDim || elements < 0 || elements > Integer.MAX_VALUE - 16
                    || elements * 4 != e.size()) {
                throw new ModelFormatException(where + " has shape " + Arrays.toString(e.shape())
                        + " but " + e.size() + " bytes; a float32 tensor of that shape needs "
                        + (elements < 0 ? "more than 2^63" : String.valueOf(elements * 4)));
            }
        }
    }

    private static Path dataFile(Path prefix, int shard, int count) {
        return prefix.resolveSibling(String.format("%s.data-%05d-of-%05d", prefix.getFileName(),
                shard, count));
    }

    private static MemorySegment map(Path file, Arena arena) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        } catch (IOException e) {
            throw new ModelFormatException("cannot map checkpoint data file " + file + " (" + e
                    + "); check that it exists beside the .index file", e);
        }
    }
}
