"""Reference logits for llama2.c's stories260K checkpoint, from an independent numpy forward pass.

Produces formats/src/test/resources/llama2c/stories260K_logits.json:
  tokens   the sequence (BOS then 31 greedily decoded tokens, decoded by this script)
  text     those tokens as text (tok512.bin pieces, leading space after BOS dropped)
  logits   [32, 512] float32 logits at every position of `tokens`

The forward pass reads stories260K.bin itself and follows llama2.c's run.c literally, including
its INTERLEAVED rotary pairs (2i, 2i+1), so it shares no code or weight layout with explaint's
Java reader (which permutes q/k rows to the half-split convention).

Run:  /root/refenv/bin/python tools/reference/make_stories260k_fixture.py [data_dir]
      (data_dir defaults to ../shared/data relative to the repository root)
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
MODEL = DATA / "models" / "stories260K"
OUT = ROOT / "formats" / "src" / "test" / "resources" / "llama2c" / "stories260K_logits.json"
STEPS = 31


def load():
    raw = (MODEL / "stories260K.bin").read_bytes()
    dim, hidden, layers, heads, kv_heads, vocab, seq_len = struct.unpack("<7i", raw[:28])
    w = np.frombuffer(raw[28:], dtype="<f4")
    hs = dim // heads
    kv_dim = kv_heads * hs
    shapes = [("emb", (abs(vocab), dim)), ("rms_att", (layers, dim)),
              ("wq", (layers, dim, dim)), ("wk", (layers, kv_dim, dim)),
              ("wv", (layers, kv_dim, dim)), ("wo", (layers, dim, dim)),
              ("rms_ffn", (layers, dim)), ("w1", (layers, hidden, dim)),
              ("w2", (layers, dim, hidden)), ("w3", (layers, hidden, dim)),
              ("rms_final", (dim,)), ("fcr", (seq_len, hs // 2)), ("fci", (seq_len, hs // 2))]
    p, out = 0, {}
    for name, shape in shapes:
        n = int(np.prod(shape))
        out[name] = w[p:p + n].reshape(shape).astype(np.float64)
        p += n
    assert p == w.size, "checkpoint layout mismatch"
    cfg = dict(dim=dim, layers=layers, heads=heads, kv_heads=kv_heads, hs=hs)
    return cfg, out


def rmsnorm(x, g):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + 1e-5) * g


def rope_interleaved(x, positions, hs):
    # x [T, nh, hs]; pairs (2i, 2i+1) rotated by pos * 10000^(-2i/hs), as run.c does.
    i = np.arange(0, hs, 2)
    freq = 1.0 / (10000.0 ** (i / hs))
    ang = positions[:, None] * freq[None, :]
    cos, sin = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
    a, b = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = a * cos - b * sin
    out[..., 1::2] = a * sin + b * cos
    return out


def forward(cfg, w, tokens):
    T, hs, nh, nkv = len(tokens), cfg["hs"], cfg["heads"], cfg["kv_heads"]
    x = w["emb"][tokens]
    pos = np.arange(T, dtype=np.float64)
    mask = np.triu(np.full((T, T), -np.inf), 1)
    for l in range(cfg["layers"]):
        h = rmsnorm(x, w["rms_att"][l])
        q = rope_interleaved((h @ w["wq"][l].T).reshape(T, nh, hs), pos, hs)
        k = rope_interleaved((h @ w["wk"][l].T).reshape(T, nkv, hs), pos, hs)
        v = (h @ w["wv"][l].T).reshape(T, nkv, hs)
        rep = nh // nkv
        k, v = np.repeat(k, rep, axis=1), np.repeat(v, rep, axis=1)
        att = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(hs) + mask
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        z = np.einsum("hqk,khd->qhd", att, v).reshape(T, nh * hs)
        x = x + z @ w["wo"][l].T
        h = rmsnorm(x, w["rms_ffn"][l])
        g = h @ w["w1"][l].T
        x = x + ((g / (1 + np.exp(-g))) * (h @ w["w3"][l].T)) @ w["w2"][l].T
    return rmsnorm(x, w["rms_final"]) @ w["emb"].T


def pieces():
    raw = (MODEL / "tok512.bin").read_bytes()
    p, out = 4, []
    while p < len(raw):
        _, n = struct.unpack("<fi", raw[p:p + 8])
        out.append(raw[p + 8:p + 8 + n])
        p += 8 + n
    return out


def main():
    cfg, w = load()
    tokens = [1]
    for _ in range(STEPS):
        tokens.append(int(np.argmax(forward(cfg, w, tokens)[-1])))
    logits = forward(cfg, w, tokens).astype(np.float32)
    vocab = pieces()
    text = b"".join(vocab[t] for t in tokens[1:]).decode("utf-8").removeprefix(" ")
    OUT.write_text(json.dumps({"tokens": tokens, "text": text,
                               "logits": [[float(v) for v in row] for row in logits]}))
    print(f"wrote {OUT}: {len(tokens)} tokens, text {text!r}")


if __name__ == "__main__":
    main()
