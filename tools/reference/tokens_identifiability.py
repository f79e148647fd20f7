"""Reference identity identifiability per layer for minilm on EWT dev, independent of explaint.

Produces cli/src/test/resources/tokens/minilm_identity_identifiability.json: for the first N
sentences of EWT dev (syntactic words; multiword ranges and empty nodes skipped), encoded with the
model's own tokenizer.json as pre-split words, the share of positions (special tokens included)
whose hidden state at layer l is nearest by cosine to the same position's layer-0 output (the
embedding LayerNorm output) among all positions of the sentence. Layer l >= 1 is the output of
encoder block l-1 (the last block's is the graph output last_hidden_state). The ONNX graph's LayerNorm outputs are exposed and run with ONNX Runtime.

Run (offline): /root/refenv/bin/python tools/reference/tokens_identifiability.py \
    ~/.cache/explaint/models/minilm ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu 100 OUT.json
"""
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort
from tokenizers import Tokenizer


def sentences(path, limit):
    out, words = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if words:
                out.append(words)
                words = []
                if len(out) >= limit:
                    break
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        words.append(cols[1])
    return out


def main(model_dir, conllu, limit, out_path):
    name = "all-minilm-l6-v2"
    model = onnx.load(f"{model_dir}/{name}.onnx")
    layer_outputs = ["/embeddings/LayerNorm/Add_1_output_0"] + [
        f"/encoder/layer.{l}/output/LayerNorm/Add_1_output_0" for l in range(5)] + [
        "last_hidden_state"]
    for o in layer_outputs[:-1]:
        model.graph.output.append(onnx.helper.make_empty_tensor_value_info(o))
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(f"{model_dir}/{name}-tokenizer.json")
    tok.no_padding()
    tok.no_truncation()

    hits = np.zeros(len(layer_outputs), dtype=np.int64)
    positions = 0
    for words in sentences(conllu, limit):
        enc = tok.encode(words, is_pretokenized=True)
        ids = np.array([enc.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids),
                 "token_type_ids": np.zeros_like(ids)}
        states = session.run(layer_outputs, feeds)
        embed = states[0][0].astype(np.float64)
        embed_unit = embed / np.linalg.norm(embed, axis=1, keepdims=True)
        for l, s in enumerate(states):
            x = s[0].astype(np.float64)
            x_unit = x / np.linalg.norm(x, axis=1, keepdims=True)
            nearest = np.argmax(x_unit @ embed_unit.T, axis=1)
            hits[l] += int(np.sum(nearest == np.arange(len(nearest))))
        positions += ids.shape[1]
    json.dump({"model": "minilm", "sentences": limit, "positions": positions,
               "identity_against_embed": [h / positions for h in hits.tolist()]},
              open(out_path, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
