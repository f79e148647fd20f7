#!/usr/bin/env python3
"""Writes the tiny valid files the fuzz targets start from (docs/hardening.md).

Each seed is the smallest file of its format that the parser accepts, or nearly: a fuzzer
damages valid files far more usefully than random bytes, which every parser rejects at its
first check. Run from the repository root; it rewrites the seed-* files and the regress-* inputs found
by review, and leaves the crash-* inputs saved by the fuzzers alone.

    python3 tools/fuzz/make_seeds.py
"""
import json
import struct
from pathlib import Path

FORMATS = Path("formats/src/test/resources/org/explaint/formats/fuzz/FormatsFuzzTestInputs")
TEXT = Path("text/src/test/resources/org/explaint/text/fuzz/TextFuzzTestInputs")


def put(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


# ---- safetensors: 8-byte header length, JSON header, data ----
def safetensors(tensors, metadata=None):
    header, data = {}, b""
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    if metadata:
        header["__metadata__"] = metadata
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data


def floats(*values):
    return struct.pack("<%df" % len(values), *values)


# ---- llama2.c checkpoint and tokenizer ----
def llama2c_checkpoint(dim=4, hidden=8, layers=1, heads=2, kv=2, vocab=3, seq=2, shared=True):
    head_dim = dim // heads
    kv_dim = kv * head_dim
    n = vocab * dim + layers * (2 * dim + 2 * dim * dim + 2 * dim * kv_dim) + layers * 3 * dim * hidden
    n += dim + seq * head_dim
    if not shared:
        n += vocab * dim
    header = struct.pack("<7i", dim, hidden, layers, heads, kv, vocab if shared else -vocab, seq)
    return header + floats(*[(i % 7) / 10 for i in range(n)])


def llama2c_tokenizer():
    pieces = ["<unk>", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(256)] + [" ", "a", "b", " a", "ab"]
    out = struct.pack("<i", 6)
    for i, p in enumerate(pieces):
        raw = p.encode()
        out += struct.pack("<fi", -float(i), len(raw)) + raw
    return out


# ---- GGUF ----
def gguf_string(s):
    raw = s.encode()
    return struct.pack("<Q", len(raw)) + raw


def gguf(metadata, tensors):
    """metadata: list of (key, type, value); tensors: list of (name, dims, raw f32 bytes)."""
    out = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(metadata))
    for key, kind, value in metadata:
        out += gguf_string(key) + struct.pack("<I", kind)
        if kind == 4:
            out += struct.pack("<I", value)
        elif kind == 6:
            out += struct.pack("<f", value)
        elif kind == 8:
            out += gguf_string(value)
        elif kind == 9:
            element, items = value
            out += struct.pack("<IQ", element, len(items))
            for item in items:
                out += gguf_string(item) if element == 8 else struct.pack("<f", item)
    offset, data = 0, b""
    for name, dims, raw in tensors:
        out += gguf_string(name) + struct.pack("<I", len(dims)) + struct.pack("<%dQ" % len(dims), *dims)
        out += struct.pack("<IQ", 0, offset)
        pad = (-len(raw)) % 32
        data += raw + b"\0" * pad
        offset += len(raw) + pad
    out += b"\0" * ((-len(out)) % 32)
    return out + data


def tiny_llama_gguf():
    hidden, ff, vocab = 2, 4, 259 + 2
    pieces = ["<unk>", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(256)] + ["\u2581", "a"]
    meta = [("general.architecture", 8, "llama"), ("llama.embedding_length", 4, hidden),
            ("llama.attention.head_count", 4, 1), ("llama.block_count", 4, 1),
            ("llama.feed_forward_length", 4, ff), ("llama.context_length", 4, 8),
            ("llama.attention.layer_norm_rms_epsilon", 6, 1e-5),
            ("tokenizer.ggml.model", 8, "llama"), ("tokenizer.ggml.tokens", 9, (8, pieces)),
            ("tokenizer.ggml.scores", 9, (6, [float(-i) for i in range(vocab)]))]

    def t(name, *dims):
        count = 1
        for d in dims:
            count *= d
        return (name, list(dims), floats(*[0.01 * (i % 5) for i in range(count)]))

    tensors = [t("token_embd.weight", hidden, vocab), t("blk.0.attn_norm.weight", hidden),
               t("blk.0.attn_q.weight", hidden, hidden), t("blk.0.attn_k.weight", hidden, hidden),
               t("blk.0.attn_v.weight", hidden, hidden), t("blk.0.attn_output.weight", hidden, hidden),
               t("blk.0.ffn_norm.weight", hidden), t("blk.0.ffn_gate.weight", hidden, ff),
               t("blk.0.ffn_up.weight", hidden, ff), t("blk.0.ffn_down.weight", ff, hidden),
               t("output_norm.weight", hidden)]
    return gguf(meta, tensors)


# ---- ONNX (protobuf written by hand: field numbers from onnx.proto) ----
def varint(v):
    out = b""
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def field(number, payload):
    if isinstance(payload, int):
        return varint(number << 3) + varint(payload)
    raw = payload.encode() if isinstance(payload, str) else payload
    return varint(number << 3 | 2) + varint(len(raw)) + raw


def onnx_tensor(name, dims, values):
    out = b"".join(field(1, d) for d in dims) + field(2, 1) + field(8, name)
    return out + field(9, floats(*values))


def onnx_node(name, op, inputs, outputs):
    return (b"".join(field(1, i) for i in inputs) + b"".join(field(2, o) for o in outputs)
            + field(3, name) + field(4, op))


def tiny_onnx():
    nodes = [onnx_node("/encoder/layer.0/attention/self/query/MatMul", "MatMul", ["x", "w0"], ["q"]),
             onnx_node("/encoder/layer.0/attention/self/query/Add", "Add", ["q", "b0"], ["qb"]),
             onnx_node("/embeddings/LayerNorm/LayerNormalization", "LayerNormalization",
                       ["e", "g", "beta"], ["y"])]
    inits = [onnx_tensor("w0", [2, 2], [1, 0, 0, 1]), onnx_tensor("b0", [2], [0, 0]),
             onnx_tensor("g", [2], [1, 1]), onnx_tensor("beta", [2], [0, 0]),
             onnx_tensor("bert.embeddings.word_embeddings.weight", [3, 2], [0] * 6)]
    graph = b"".join(field(1, n) for n in nodes) + field(2, "g") + b"".join(field(5, t) for t in inits)
    return field(1, 8) + field(7, graph)


# ---- TensorFlow checkpoint pieces ----
def bundle_entry(dtype, shape, shard, offset, size, crc):
    dims = b"".join(field(2, field(1, d)) for d in shape)
    return (field(1, dtype) + field(2, dims) + field(3, shard) + field(4, offset) + field(5, size)
            + varint(6 << 3 | 5) + struct.pack("<I", crc))


def masked_crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    crc ^= 0xFFFFFFFF
    rotated = ((crc >> 15) | (crc << 17)) & 0xFFFFFFFF
    return (rotated + 0xA282EAD8) & 0xFFFFFFFF


def table_block(entries):
    out = b""
    for key, value in entries:
        out += varint(0) + varint(len(key)) + varint(len(value)) + key + value
    return out + struct.pack("<II", 0, 1)


def table_file(entries):
    """A LevelDB table of one data block, as TableFile reads it."""
    data = table_block(entries)
    out = data + b"\0" + struct.pack("<I", masked_crc32c(data + b"\0"))
    index = table_block([(entries[-1][0], varint(0) + varint(len(data)))])
    index_offset = len(out)
    out += index + b"\0" + struct.pack("<I", masked_crc32c(index + b"\0"))
    footer = varint(0) + varint(0) + varint(index_offset) + varint(len(index))
    footer += b"\0" * (40 - len(footer))
    return out + footer + struct.pack("<Q", 0xDB4775248B80FB57)


def bundle_records(entries):
    """The tfBundleEntries target's own input: (key length, key, value length (2 bytes), value)*."""
    out = b""
    for key, value in entries:
        out += bytes([len(key)]) + key + struct.pack("<H", len(value)) + value
    return out


# The data shard every TF target pairs with the index: 64 bytes, 16 floats 0..15.
SHARD = floats(*range(16))


def tf_entries():
    weights = floats(*range(6))
    return [(b"", field(1, 1)),
            (b"bert/w", bundle_entry(1, [2, 3], 0, 0, 24, masked_crc32c(weights))),
            (b"bert/z", bundle_entry(1, [4], 0, 24, 16, 0))]


def main():
    put(FORMATS / "safetensorsHeader", "seed-two-tensors.bin", safetensors({
        "a": ("F32", [2, 2], floats(1, 2, 3, 4)), "b": ("F16", [2], struct.pack("<2e", 1, -2)),
        "c": ("BF16", [1], b"\x80\x3f"), "d": ("F64", [1], struct.pack("<d", 0.5))},
        {"format": "pt"}))
    put(FORMATS / "safetensorsHeader", "seed-empty.bin", safetensors({}))
    put(FORMATS / "llama2cCheckpoint", "seed-shared.bin", llama2c_checkpoint())
    put(FORMATS / "llama2cCheckpoint", "seed-unshared.bin", llama2c_checkpoint(kv=1, shared=False))
    # Found by review: sizes whose product wraps past 2^63.
    put(FORMATS / "llama2cCheckpoint", "regress-size-overflow.bin",
        struct.pack("<7i", 1 << 30, 1 << 30, 1 << 30, 2, 2, 1 << 30, 1 << 30))
    put(FORMATS / "ggufFile", "seed-tiny-llama.gguf", tiny_llama_gguf())
    put(FORMATS / "onnxModel", "seed-tiny-bert.onnx", tiny_onnx())
    # Found by review: a layer number too large for an int in an initializer's name.
    put(FORMATS / "onnxModel", "regress-huge-layer-index.onnx", field(1, 8) + field(7, field(5, onnx_tensor(
        "encoder.layer.99999999999.attention.self.query.weight", [2, 2], [1, 0, 0, 1]))))
    put(FORMATS / "onnxModel", "regress-layer-index-2e9.onnx", field(1, 8) + field(7, field(5, onnx_tensor(
        "encoder.layer.2000000000.attention.self.query.weight", [2, 2], [1, 0, 0, 1]))))
    put(FORMATS / "tfCheckpointIndex", "seed-index.bin", table_file(tf_entries()))
    put(FORMATS / "tfBundleEntries", "seed-entries.bin", bundle_records(tf_entries()))
    put(FORMATS / "bertVocabulary", "seed-vocab.txt",
        "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\n##s\nhello\n")

    put(TEXT / "llama2cTokenizer", "seed-tok.bin", llama2c_tokenizer())
    put(TEXT / "hfTokenizer", "seed-wordpiece.json", json.dumps({
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": 0, "content": "[UNK]", "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": False, "special": True}],
        "normalizer": None, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "hello": 1, "world": 2},
                  "unk_token": "[UNK]"}}))
    put(TEXT / "conllu", "seed-two-sentences.conllu",
        "# sent_id = s1\n# text = The dog barks.\n"
        "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
        "2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
        "3\tbarks\tbark\tVERB\tVBZ\t_\t0\troot\t_\tSpaceAfter=No\n"
        "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n"
        "# sent_id = s2\n"
        "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "1\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n"
        "2\tn't\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n"
        "2.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n\n")
    put(TEXT / "norms", "seed-mcrae.tsv",
        "Concept\tFeature\tProd_Freq\ndog\thas_fur\t20\ndog\tbarks\t18\ncat\thas_fur\t15\n")
    put(TEXT / "norms", "regress-nan.tsv", "Concept\tFeature\tProd_Freq\ndog\tbarks\tNaN\ncat\tmeows\tInfinity\n")
    put(TEXT / "norms", "seed-buchanan.csv", "cue,lemma,n\ndog,fur,3\ncat,\"fur, soft\",2\n")
    put(TEXT / "norms", "seed-binder.csv", "Word,Vision,Sound,Category\ndog,4.5,na,animal\ncat,3.2,1.0,animal\n")
    put(TEXT / "norms", "seed-brysbaert.tsv",
        "Word\tBigram\tConc.M\tConc.SD\ndog\t0\t4.85\t0.5\nice cream\t1\t4.6\t0.8\n")


if __name__ == "__main__":
    main()
