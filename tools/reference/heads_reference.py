"""Independent reference for `explaint heads` (Clark et al. 2019 head probing) on an ONNX BERT.

Produces: a JSON file with, per relation (universal, >= 100 arcs, punct/root excluded, plus
"all"), the count and the full dep->head / head->dep score grids [layer][head], computed from
ONNX Runtime's own attention probabilities (the Softmax outputs exposed as graph outputs) and
the Hugging Face `tokenizers` library, with no explaint code involved.

Run (offline reference environment):
  /root/refenv/bin/python tools/reference/heads_reference.py MODEL.onnx TOKENIZER.json \
      en_ewt-ud-dev.conllu out.json [LIMIT]
Compare with heads.json from `explaint heads` (see HeadsCommand); CI never runs this.
"""
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort
from tokenizers import Tokenizer


def read_conllu(path):
    sentences, words = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if words:
                sentences.append(words)
            words = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        words.append((cols[1], int(cols[6]), cols[7].split(":")[0]))
    if words:
        sentences.append(words)
    return sentences


def session_with_attention(model_path):
    model = onnx.load(model_path)
    names = [n.output[0] for n in model.graph.node if n.op_type == "Softmax"]
    for name in names:
        model.graph.output.append(onnx.helper.make_empty_tensor_value_info(name))
    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]), names


def word_attention(att, word_ids, n):
    # att [head, query, key]; to a word: sum over its key pieces; from a word: mean over queries.
    heads = att.shape[0]
    keys = np.zeros((heads, att.shape[1], n))
    for k, w in enumerate(word_ids):
        if w is not None:
            keys[:, :, w] += att[:, :, k]
    out = np.zeros((heads, n, n))
    counts = np.zeros(n)
    for q, w in enumerate(word_ids):
        if w is not None:
            out[:, w, :] += keys[:, q, :]
            counts[w] += 1
    return out / counts[None, :, None]


def most_attended_other(row, self_index):
    masked = row.copy()
    masked[self_index] = -np.inf
    return int(np.argmax(masked))  # first maximum: the lowest index wins ties


def main():
    model_path, tokenizer_path, treebank, out_path = sys.argv[1:5]
    limit = int(sys.argv[5]) if len(sys.argv) > 5 else None
    session, outputs = session_with_attention(model_path)
    tokenizer = Tokenizer.from_file(tokenizer_path)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    sentences = read_conllu(treebank)[:limit]
    counts, hits = {}, {}
    for words in sentences:
        enc = tokenizer.encode([w[0] for w in words], is_pretokenized=True)
        ids = np.array([enc.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids),
                 "token_type_ids": np.zeros_like(ids)}
        atts = session.run(outputs, feeds)
        n = len(words)
        word = [word_attention(a[0].astype(np.float64), enc.word_ids, n) for a in atts]
        layers, heads = len(word), word[0].shape[0]
        for d, (_, head, rel) in enumerate(words):
            if head == 0:
                continue
            g = head - 1
            for name in ([rel] + ([] if rel == "punct" else ["all"])):
                counts[name] = counts.get(name, 0) + 1
                grid = hits.setdefault(name, np.zeros((2, layers, heads), dtype=np.int64))
                for l in range(layers):
                    for h in range(heads):
                        grid[0, l, h] += most_attended_other(word[l][h, d], d) == g
                        grid[1, l, h] += most_attended_other(word[l][h, g], g) == d
    result = {}
    for name, c in counts.items():
        if name != "all" and (c < 100 or name == "punct"):
            continue
        grid = hits[name] / c
        result[name] = {"count": c, "best": float(grid.max()),
                        "scores": {"dep->head": grid[0].tolist(), "head->dep": grid[1].tolist()}}
    json.dump({"sentences": len(sentences), "relations": result}, open(out_path, "w"), indent=1)


if __name__ == "__main__":
    main()
