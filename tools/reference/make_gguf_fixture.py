"""Tiny random Llama models in GGUF (F32, F16, Q8_0) with expected logits from a numpy forward.

Produces, under formats/src/test/resources/gguf/:
  tiny-llama-f32.gguf   every tensor F32, with a separate output.weight
  tiny-llama-f16.gguf   matrices F16 (norms F32), output tied to token_embd (no output.weight)
  tiny-llama-q8_0.gguf  matrices Q8_0 (norms F32), separate output.weight
  tiny-llama-expected.json  {"tokens": [...], "<variant>": [[logit]*vocab]*T, ...}
  tiny-unsupported-q4_0.gguf  one Q4_0 tensor, for the "unsupported type" error
  tiny-gpt2-f32.gguf    a random GPT-2 (fused attn_qkv, biases, learned positions, no tokenizer)
  tiny-gpt2-expected.json   {"tokens": [...], "f32": logits}

The weights are drawn in Hugging Face Llama layout (half-split rotary). As llama.cpp's
convert_hf_to_gguf.py does, the q/k rows are permuted to interleaved rotary order before being
written; the expected logits come from an independent numpy forward over the UNPERMUTED weights
with half-split rotary, after rounding them exactly as the file stores them (float16, or Q8_0
dequantised by the gguf package), so each variant is compared at 1e-4. The metadata also holds
arrays, a float64, a uint64 and a bool to exercise every value type the reader parses.

Run:  /root/refenv/bin/python tools/reference/make_gguf_fixture.py
"""
import json
from pathlib import Path

import numpy as np
import gguf
from gguf.quants import quantize, dequantize

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "formats" / "src" / "test" / "resources" / "gguf"
H, LAYERS, HEADS, KV, FF, CTX, EPS, THETA = 64, 2, 4, 2, 96, 64, 1e-5, 10000.0
HD = H // HEADS
TOKENS = [1, 5, 77, 260, 299, 42, 3, 100, 7, 261]


def vocab():
    pieces = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]
    words = ["\u2581", "\u2581a", "\u2581the", "a", "e", "t", "h", "\u2581t", "th", "he"]
    extra = [chr(ord("a") + i) + chr(ord("a") + j) for i in range(6) for j in range(6)][:41 - len(words)]
    pieces += words + extra
    scores = [0.0] * 259 + [-float(i) for i in range(len(pieces) - 259)]
    types = [2, 3, 3] + [6] * 256 + [1] * (len(pieces) - 259)
    return pieces, scores, types


def weights(vocab_size):
    rng = np.random.default_rng(20240607)
    r = lambda *s: (rng.uniform(-0.3, 0.3, size=s)).astype(np.float32)
    g = lambda n: (1 + rng.uniform(-0.1, 0.1, size=n)).astype(np.float32)
    w = {"token_embd.weight": r(vocab_size, H), "output_norm.weight": g(H), "output.weight": r(vocab_size, H)}
    for l in range(LAYERS):
        b = f"blk.{l}."
        w[b + "attn_norm.weight"] = g(H)
        w[b + "attn_q.weight"] = r(HEADS * HD, H)
        w[b + "attn_k.weight"] = r(KV * HD, H)
        w[b + "attn_v.weight"] = r(KV * HD, H)
        w[b + "attn_output.weight"] = r(H, HEADS * HD)
        w[b + "ffn_norm.weight"] = g(H)
        w[b + "ffn_gate.weight"] = r(FF, H)
        w[b + "ffn_up.weight"] = r(FF, H)
        w[b + "ffn_down.weight"] = r(H, FF)
    return w


def to_interleaved(m, heads):
    # llama.cpp convert_hf_to_gguf.py LlamaModel.permute: half-split rows -> interleaved pairs.
    return m.reshape(heads, 2, m.shape[0] // heads // 2, *m.shape[1:]).swapaxes(1, 2).reshape(m.shape)


def rms(x, g):
    return x / np.sqrt(np.mean(x * x, -1, keepdims=True) + EPS) * g


def rope_half(x, pos):
    half = HD // 2
    inv = 1.0 / THETA ** (np.arange(half) * 2.0 / HD)
    ang = pos[:, None] * inv[None, :]
    cos, sin = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
    a, b = x[..., :half], x[..., half:]
    return np.concatenate([a * cos - b * sin, b * cos + a * sin], -1)


def forward(w, tied):
    w = {k: v.astype(np.float64) for k, v in w.items()}
    T = len(TOKENS)
    x = w["token_embd.weight"][TOKENS]
    pos = np.arange(T, dtype=np.float64)
    mask = np.triu(np.full((T, T), -np.inf), 1)
    for l in range(LAYERS):
        b = f"blk.{l}."
        h = rms(x, w[b + "attn_norm.weight"])
        q = rope_half((h @ w[b + "attn_q.weight"].T).reshape(T, HEADS, HD), pos)
        k = rope_half((h @ w[b + "attn_k.weight"].T).reshape(T, KV, HD), pos)
        v = (h @ w[b + "attn_v.weight"].T).reshape(T, KV, HD)
        k, v = np.repeat(k, HEADS // KV, 1), np.repeat(v, HEADS // KV, 1)
        a = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(HD) + mask
        a = np.exp(a - a.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        x = x + np.einsum("hqk,khd->qhd", a, v).reshape(T, H) @ w[b + "attn_output.weight"].T
        h = rms(x, w[b + "ffn_norm.weight"])
        gt = h @ w[b + "ffn_gate.weight"].T
        x = x + (gt / (1 + np.exp(-gt)) * (h @ w[b + "ffn_up.weight"].T)) @ w[b + "ffn_down.weight"].T
    out = w["token_embd.weight"] if tied else w["output.weight"]
    return (rms(x, w["output_norm.weight"]) @ out.T).astype(np.float32)


def write(name, w, kind, tied):
    pieces, scores, types = vocab()
    wr = gguf.GGUFWriter(str(OUT / name), "llama")
    wr.add_name("explaint tiny random llama")
    wr.add_context_length(CTX)
    wr.add_embedding_length(H)
    wr.add_block_count(LAYERS)
    wr.add_feed_forward_length(FF)
    wr.add_head_count(HEADS)
    wr.add_head_count_kv(KV)
    wr.add_layer_norm_rms_eps(EPS)
    wr.add_rope_freq_base(THETA)
    wr.add_rope_dimension_count(HD)
    wr.add_tokenizer_model("llama")
    wr.add_token_list(pieces)
    wr.add_token_scores(scores)
    wr.add_token_types(types)
    wr.add_bos_token_id(1)
    wr.add_eos_token_id(2)
    wr.add_float64("explaint.test.float64", 0.125)
    wr.add_uint64("explaint.test.uint64", 2 ** 40)
    wr.add_bool("explaint.test.bool", True)
    wr.add_array("explaint.test.ints", [1, -2, 3])
    stored = {}
    for k, v in w.items():
        if tied and k == "output.weight":
            continue
        data = v
        if k.endswith(("attn_q.weight", "attn_k.weight")):
            data = to_interleaved(v, HEADS if "attn_q" in k else KV)
        if v.ndim == 2 and kind == "f16":
            data = data.astype(np.float16)
            stored[k] = v.astype(np.float16).astype(np.float32)
            wr.add_tensor(k, data)
        elif v.ndim == 2 and kind == "q8_0":
            qd = quantize(data, gguf.GGMLQuantizationType.Q8_0)
            deq = dequantize(qd, gguf.GGMLQuantizationType.Q8_0).reshape(v.shape)
            # Undo the interleaving on the dequantised copy (quantisation is per row of 32).
            if k.endswith(("attn_q.weight", "attn_k.weight")):
                heads = HEADS if "attn_q" in k else KV
                deq = deq.reshape(heads, deq.shape[0] // heads // 2, 2, -1).swapaxes(1, 2).reshape(v.shape)
            stored[k] = deq.astype(np.float32)
            wr.add_tensor(k, qd, raw_shape=qd.shape, raw_dtype=gguf.GGMLQuantizationType.Q8_0)
        else:
            stored[k] = v
            wr.add_tensor(k, data)
    wr.write_header_to_file()
    wr.write_kv_data_to_file()
    wr.write_tensors_to_file()
    wr.close()
    return forward(stored, tied)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    w = weights(len(vocab()[0]))
    expected = {"tokens": TOKENS}
    for kind, tied in (("f32", False), ("f16", True), ("q8_0", False)):
        logits = write(f"tiny-llama-{kind}.gguf", w, kind, tied)
        expected[kind] = [[float(v) for v in row] for row in logits]
    wr = gguf.GGUFWriter(str(OUT / "tiny-unsupported-q4_0.gguf"), "llama")
    q4 = quantize(w["token_embd.weight"][:32], gguf.GGMLQuantizationType.Q4_0)
    wr.add_tensor("token_embd.weight", q4, raw_shape=q4.shape, raw_dtype=gguf.GGMLQuantizationType.Q4_0)
    wr.write_header_to_file()
    wr.write_kv_data_to_file()
    wr.write_tensors_to_file()
    wr.close()
    f32_tied = forward(w, True)
    print("max |f16 - f32(tied)| logits:", np.abs(np.array(expected["f16"]) - f32_tied).max())
    (OUT / "tiny-llama-expected.json").write_text(json.dumps(expected))
    for p in sorted(OUT.iterdir()):
        print(p.name, p.stat().st_size)


def gpt2_fixture():
    # GPT-2 as llama.cpp's converter writes it: matrices [out, in], fused q|k|v rows.
    V, C, NH, NL, CTX2 = 70, 32, 4, 2, 40
    rng = np.random.default_rng(77)
    r = lambda *s: rng.uniform(-0.3, 0.3, size=s).astype(np.float32)
    g = lambda n: (1 + rng.uniform(-0.1, 0.1, size=n)).astype(np.float32)
    w = {"token_embd.weight": r(V, C), "position_embd.weight": r(CTX2, C),
         "output_norm.weight": g(C), "output_norm.bias": r(C)}
    for l in range(NL):
        b = f"blk.{l}."
        w.update({b + "attn_norm.weight": g(C), b + "attn_norm.bias": r(C),
                  b + "attn_qkv.weight": r(3 * C, C), b + "attn_qkv.bias": r(3 * C),
                  b + "attn_output.weight": r(C, C), b + "attn_output.bias": r(C),
                  b + "ffn_norm.weight": g(C), b + "ffn_norm.bias": r(C),
                  b + "ffn_up.weight": r(4 * C, C), b + "ffn_up.bias": r(4 * C),
                  b + "ffn_down.weight": r(C, 4 * C), b + "ffn_down.bias": r(C)})
    wr = gguf.GGUFWriter(str(OUT / "tiny-gpt2-f32.gguf"), "gpt2")
    wr.add_context_length(CTX2)
    wr.add_embedding_length(C)
    wr.add_block_count(NL)
    wr.add_feed_forward_length(4 * C)
    wr.add_head_count(NH)
    wr.add_layer_norm_eps(1e-5)
    for k, v in w.items():
        wr.add_tensor(k, v)
    wr.write_header_to_file()
    wr.write_kv_data_to_file()
    wr.write_tensors_to_file()
    wr.close()

    d = {k: v.astype(np.float64) for k, v in w.items()}
    ln = lambda x, a, b: (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5) * a + b
    toks = [3, 14, 15, 9, 26, 5, 35, 0]
    T, hd = len(toks), C // NH
    x = d["token_embd.weight"][toks] + d["position_embd.weight"][:T]
    mask = np.triu(np.full((T, T), -np.inf), 1)
    for l in range(NL):
        b = f"blk.{l}."
        h = ln(x, d[b + "attn_norm.weight"], d[b + "attn_norm.bias"])
        qkv = h @ d[b + "attn_qkv.weight"].T + d[b + "attn_qkv.bias"]
        q, k, v = (qkv[:, i * C:(i + 1) * C].reshape(T, NH, hd) for i in range(3))
        a = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(hd) + mask
        a = np.exp(a - a.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        z = np.einsum("hqk,khd->qhd", a, v).reshape(T, C)
        x = x + z @ d[b + "attn_output.weight"].T + d[b + "attn_output.bias"]
        h = ln(x, d[b + "ffn_norm.weight"], d[b + "ffn_norm.bias"])
        u = h @ d[b + "ffn_up.weight"].T + d[b + "ffn_up.bias"]
        u = 0.5 * u * (1 + np.tanh(np.sqrt(2 / np.pi) * (u + 0.044715 * u ** 3)))
        x = x + u @ d[b + "ffn_down.weight"].T + d[b + "ffn_down.bias"]
    logits = ln(x, d["output_norm.weight"], d["output_norm.bias"]) @ d["token_embd.weight"].T
    (OUT / "tiny-gpt2-expected.json").write_text(json.dumps(
        {"tokens": toks, "f32": [[float(v) for v in row] for row in logits.astype(np.float32)]}))


if __name__ == "__main__":
    gpt2_fixture()
    main()
