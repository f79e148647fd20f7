"""Reads a TensorFlow checkpoint (variables.index + variables.data-*) without TensorFlow.

Written for explaint's reference fixtures, independently of the Java reader in
org.explaint.formats.tf, so that the two can check each other. Only what BERT checkpoints use is
supported: one shard, uncompressed table blocks, float32/int32/int64 tensors, no slices.

    from tf_bundle import read_bundle
    tensors = read_bundle("path/to/variables")   # {name: numpy array}

The index is TensorFlow's table file (LevelDB's layout): data blocks of prefix-compressed keys,
an index block pointing at them, and a 48-byte footer ending in a magic number. Each value is a
serialised BundleEntryProto (dtype, shape, shard, offset, size, crc32c) decoded here by hand.
"""
import struct

import numpy as np

TABLE_MAGIC = 0xDB4775248B80FB57
DTYPES = {1: np.float32, 3: np.int32, 9: np.int64}


def varint(buf, pos):
    """Decodes a base-128 varint at pos; returns (value, next position)."""
    value = 0
    shift = 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7


def block_handle(buf, pos):
    offset, pos = varint(buf, pos)
    size, pos = varint(buf, pos)
    return (offset, size), pos


def block_entries(table, handle):
    """Yields (key, value) pairs of one table block, undoing the key prefix compression."""
    offset, size = handle
    block = table[offset:offset + size]
    compression = table[offset + size]
    if compression != 0:
        raise ValueError("compressed table blocks are not supported")
    restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    end = len(block) - 4 - 4 * restarts
    pos = 0
    key = b""
    while pos < end:
        shared, pos = varint(block, pos)
        unshared, pos = varint(block, pos)
        length, pos = varint(block, pos)
        key = key[:shared] + block[pos:pos + unshared]
        pos += unshared
        yield key, block[pos:pos + length]
        pos += length


def fields(message):
    """Yields (field number, wire type, value) of a protobuf message; value is int or bytes."""
    pos = 0
    while pos < len(message):
        tag, pos = varint(message, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = varint(message, pos)
        elif wire == 2:
            length, pos = varint(message, pos)
            value = message[pos:pos + length]
            pos += length
        elif wire == 5:
            value = struct.unpack_from("<I", message, pos)[0]
            pos += 4
        elif wire == 1:
            value = struct.unpack_from("<Q", message, pos)[0]
            pos += 8
        else:
            raise ValueError("unsupported protobuf wire type %d" % wire)
        yield number, wire, value


def bundle_entry(message):
    """Decodes a BundleEntryProto into a dict with dtype, shape, shard, offset, size."""
    entry = {"dtype": 0, "shape": [], "shard": 0, "offset": 0, "size": 0}
    for number, _, value in fields(message):
        if number == 1:
            entry["dtype"] = value
        elif number == 2:
            for dim_number, _, dim in fields(value):
                if dim_number == 2:
                    size = [v for n, _, v in fields(dim) if n == 1]
                    entry["shape"].append(size[0] if size else 0)
        elif number == 3:
            entry["shard"] = value
        elif number == 4:
            entry["offset"] = value
        elif number == 5:
            entry["size"] = value
        elif number == 7:
            raise ValueError("sliced tensors are not supported")
    return entry


def read_index(prefix):
    """The entries of prefix.index as {name: entry dict}, the header (empty key) left out."""
    with open(prefix + ".index", "rb") as f:
        table = f.read()
    footer = table[-48:]
    if struct.unpack_from("<Q", footer, 40)[0] != TABLE_MAGIC:
        raise ValueError("not a TensorFlow table file: " + prefix + ".index")
    _, pos = block_handle(footer, 0)
    index_handle, _ = block_handle(footer, pos)
    entries = {}
    for _, handle_bytes in block_entries(table, index_handle):
        handle, _ = block_handle(handle_bytes, 0)
        for key, value in block_entries(table, handle):
            if key:
                entries[key.decode("utf-8")] = bundle_entry(value)
    return entries


def read_bundle(prefix):
    """All tensors of a one-shard checkpoint as {name: numpy array}."""
    entries = read_index(prefix)
    data = np.memmap(prefix + ".data-00000-of-00001", dtype=np.uint8, mode="r")
    tensors = {}
    for name, e in entries.items():
        if e["shard"] != 0:
            raise ValueError("only one-shard checkpoints are supported")
        dtype = np.dtype(DTYPES[e["dtype"]]).newbyteorder("<")
        raw = data[e["offset"]:e["offset"] + e["size"]]
        tensors[name] = np.frombuffer(raw.tobytes(), dtype=dtype).reshape(e["shape"])
    return tensors
