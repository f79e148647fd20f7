package org.explaint.formats.tf;

import java.util.ArrayList;
import java.util.List;
import org.explaint.runtime.ModelFormatException;

/**
 * Where one tensor of a TensorFlow checkpoint lies: a decoded {@code BundleEntryProto}.
 *
 * <p>The protobuf is decoded by hand (it has six scalar fields and a shape), so reading a
 * checkpoint needs no TensorFlow and no generated protobuf classes. Sliced (partitioned)
 * variables are rejected: BERT checkpoints have none.
 *
 * @param name   the variable name, e.g. {@code bert/embeddings/word_embeddings}
 * @param dtype  TensorFlow's {@code DataType} number; {@link #DT_FLOAT} is the only one read
 * @param shape  the dimensions, outermost first
 * @param shard  which {@code variables.data-NNNNN-of-MMMMM} file holds the bytes
 * @param offset the first byte in that file
 * @param size   the number of bytes
 * @param crc32c the masked CRC-32C of those bytes
 */
record BundleEntry(String name, int dtype, long[] shape, int shard, long offset, long size,
                   int crc32c) {
    /** TensorFlow's {@code DT_FLOAT}. */
    static final int DT_FLOAT = 1;

    /**
     * Decodes a serialised {@code BundleEntryProto}.
     *
     * @param file where the entry came from, for error messages
     * @throws ModelFormatException when the bytes are not a valid entry
     */
    static BundleEntry parse(String name, byte[] proto, String file) {
        String where = file + ", entry '" + name + "'";
        WireReader in = new WireReader(proto, 0, proto.length, where);
        int dtype = 0;
        List<Long> dims = new ArrayList<>();
        long shard = 0;
        long offset = 0;
        long size = 0;
        int crc = 0;
        while (in.hasMore()) {
            long tag = in.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> dtype = (int) expect(in, wire, 0, where);
                case 2 -> readShape(expectLength(in, wire, where), dims, where);
                case 3 -> shard = expect(in, wire, 0, where);
                case 4 -> offset = expect(in, wire, 0, where);
                case 5 -> size = expect(in, wire, 0, where);
                case 6 -> crc = (int) expect(in, wire, 5, where);
                case 7 -> throw new ModelFormatException(where + " is a sliced (partitioned) "
                        + "variable; explaint reads only whole tensors");
                default -> skipField(in, wire);
            }
        }
        if (shard < 0 || shard > Integer.MAX_VALUE || offset < 0 || size < 0) {
            throw new ModelFormatException(where + " has shard " + shard + ", offset " + offset
                    + " and size " + size + "; the index is corrupt");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return new BundleEntry(name, dtype, shape, (int) shard, offset, size, crc);
    }

    /**
     * Reads the number of data shards from the index's header entry ({@code BundleHeaderProto}),
     * checking that the data is little-endian.
     */
    static int shardCount(byte[] header, String file) {
        String where = file + ", header entry";
        WireReader in = new WireReader(header, 0, header.length, where);
        long shards = 1;
        while (in.hasMore()) {
            long tag = in.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1) {
                shards = expect(in, wire, 0, where);
            } else if (field == 2 && expect(in, wire, 0, where) != 0) {
                throw new ModelFormatException(where + " says the tensors are big-endian; explaint "
                        + "reads only little-endian checkpoints");
            } else if (field != 2) {
                skipField(in, wire);
            }
        }
        if (shards < 1 || shards > 99_999) {
            throw new ModelFormatException(where + " claims " + shards + " data shards");
        }
        return (int) shards;
    }

    /** The number of elements the shape holds. */
    long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    // TensorShapeProto: repeated Dim dim = 2 (Dim: int64 size = 1, string name = 2).
    private static void readShape(WireReader shape, List<Long> dims, String where) {
        while (shape.hasMore()) {
            long tag = shape.varint();
            int wire = (int) (tag & 7);
            if (tag >>> 3 != 2) {
                skipField(shape, wire);
                continue;
            }
            WireReader dim = expectLength(shape, wire, where);
            long size = 0;
            while (dim.hasMore()) {
                long dimTag = dim.varint();
                if (dimTag >>> 3 == 1) {
                    size = expect(dim, (int) (dimTag & 7), 0, where);
                } else {
                    skipField(dim, (int) (dimTag & 7));
                }
            }
            if (size < 0) {
                throw new ModelFormatException(where + " has a dimension of unknown size " + size);
            }
            dims.add(size);
        }
    }

    private static long expect(WireReader in, int wire, int expected, String where) {
        if (wire != expected) {
            throw in.corrupt("wire type " + wire + " where " + expected + " belongs");
        }
        return wire == 5 ? in.fixed32() & 0xFFFFFFFFL : in.varint();
    }

    private static WireReader expectLength(WireReader in, int wire, String where) {
        if (wire != 2) {
            throw in.corrupt("wire type " + wire + " where a nested message belongs");
        }
        return in.sub(in.length(), where);
    }

    private static void skipField(WireReader in, int wire) {
        switch (wire) {
            case 0 -> in.varint();
            case 1 -> in.fixed64();
            case 2 -> in.skip(in.length());
            case 5 -> in.fixed32();
            default -> throw in.corrupt("unsupported wire type " + wire);
        }
    }
}
