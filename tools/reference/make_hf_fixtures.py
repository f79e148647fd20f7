"""Writes tiny Hugging Face model directories and their reference outputs for HfParityTest.

Produces, under formats/src/test/resources/hf/<name>/:
  config.json, model.safetensors (or shards + model.safetensors.index.json)   via save_pretrained
  inputs.json         the token ids (and attention masks) of each case
  tokenizer.json      (gpt2 only) a word-level tokenizer over the 100 ids, "w5" -> 5
  expected.safetensors float32 reference values from transformers, per case:
      <case>.embed              [batch, position, hidden]  hidden_states[0]
      <case>.resid_post.<L>     [batch, position, hidden]  output of block L (forward hook)
      <case>.final_norm         [batch, position, hidden]  last_hidden_state (GPT-2, Llama only)
      <case>.pattern.<L>        [batch, head, query, key]  attentions[L]
      <case>.logits             [batch, position, vocab]   (models with an LM/MLM head)
Directories named -f16/-bf16 store their weights in that dtype; their reference values come
from the same weights upcast to float32, so they pin the reader's widening of F16 and BF16.
  llama-far-positions/ holds one 1024-token case, "far", with only the last 8 positions of
  final_norm and logits stored: it pins the rotary angles far from position 0.

How transformers names the states: hidden_states[0] is the embedding output (after BERT's
embedding LayerNorm); hidden_states[L+1] is block L's output, except that for GPT-2 and Llama the
LAST entry has the final norm applied (so it equals last_hidden_state, not block L-1's output).
The script asserts this mapping and records block outputs with forward hooks instead.

Models are randomly initialised with torch.manual_seed fixed, then their weights are redrawn
with larger spreads than the default init (std 0.02 gives nearly uniform attention, a weak test).

Run from the repository root:  /root/refenv/bin/python tools/reference/make_hf_fixtures.py
"""
import json
import pathlib
import shutil

import torch
from safetensors.torch import save_file
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import (BertConfig, BertForMaskedLM, BertModel, GPT2Config, GPT2LMHeadModel,
                          LlamaConfig, LlamaForCausalLM)

OUT = pathlib.Path("formats/src/test/resources/hf")
SHORT = [5, 17, 42, 8]
LONG = [3, 14, 15, 92, 65, 35, 89, 79, 32, 38, 46, 26]


def redraw(model, seed):
    """Redraws every parameter: norms near 1, biases and matrices with std that keeps states lively."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=gen)
            if p.dim() == 1 and ("norm" in name.lower() or name.endswith("ln_1.weight")
                                 or name.endswith("ln_2.weight") or name.endswith("ln_f.weight")):
                p.copy_(1.0 + 0.2 * noise)
            elif p.dim() == 1:
                p.copy_(0.1 * noise)
            else:
                p.copy_(0.25 * noise)


def block_list(model):
    if hasattr(model, "bert"):
        return model.bert.encoder.layer
    if hasattr(model, "encoder"):
        return model.encoder.layer
    if hasattr(model, "transformer"):
        return model.transformer.h
    return model.model.layers


def run(model, family, case, ids, mask, out):
    """Runs one case and stores its reference values under `case.` in `out`."""
    blocks = block_list(model)
    captured = {}
    handles = []
    for index, block in enumerate(blocks):
        def hook(module, args, output, index=index):
            captured[index] = (output[0] if isinstance(output, tuple) else output).detach().clone()
        handles.append(block.register_forward_hook(hook))
    input_ids = torch.tensor(ids)
    attention_mask = torch.tensor(mask)
    with torch.no_grad():
        result = model(input_ids=input_ids, attention_mask=attention_mask,
                       output_attentions=True, output_hidden_states=True)
    for h in handles:
        h.remove()

    layers = len(blocks)
    hs = result.hidden_states
    assert len(hs) == layers + 1, len(hs)
    out[f"{case}.embed"] = hs[0]
    for layer in range(layers):
        out[f"{case}.resid_post.{layer}"] = captured[layer]
        out[f"{case}.pattern.{layer}"] = result.attentions[layer]
    for layer in range(layers - 1):
        assert torch.equal(hs[layer + 1], captured[layer]), f"hidden_states[{layer + 1}]"
    if family == "bert":
        assert torch.equal(hs[layers], captured[layers - 1])
    else:
        # The last hidden state is after the final norm; block L-1's raw output is not in the tuple.
        out[f"{case}.final_norm"] = hs[layers]
        assert not torch.equal(hs[layers], captured[layers - 1])
    if hasattr(result, "logits"):
        out[f"{case}.logits"] = result.logits


def save(name, model, family, cases, shard=None, dtype=None):
    """Saves a model (in `dtype` if given) and the outputs of its float32 upcast for each case."""
    directory = OUT / name
    if directory.exists():
        shutil.rmtree(directory)
    model.eval()
    if dtype is not None:
        model.to(dtype)
    if shard:
        model.save_pretrained(directory, safe_serialization=True, max_shard_size=shard)
    else:
        model.save_pretrained(directory, safe_serialization=True)
    if dtype is not None:
        # Reload in float32 rather than calling model.float(): casting the model to bf16 also
        # rounds the rotary inv_freq buffer, which float() would not restore.
        model = type(model).from_pretrained(directory, dtype=torch.float32,
                                            attn_implementation="eager").eval()
    for extra in directory.iterdir():
        if extra.name == "generation_config.json":
            extra.unlink()
    expected = {}
    for case, (ids, mask) in cases.items():
        run(model, family, case, ids, mask, expected)
    expected = {k: v.to(torch.float32).contiguous() for k, v in expected.items()}
    save_file(expected, str(directory / "expected.safetensors"))
    inputs = {case: {"input_ids": ids, "attention_mask": mask} for case, (ids, mask) in cases.items()}
    (directory / "inputs.json").write_text(json.dumps(inputs, indent=1) + "\n")
    print(name, sorted(p.name for p in directory.iterdir()))


def single(ids):
    return [ids], [[1] * len(ids)]


def main():
    torch.manual_seed(1234)
    common = dict(attn_implementation="eager")

    bert = BertForMaskedLM(BertConfig(
        vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=64, max_position_embeddings=64, type_vocab_size=2,
        hidden_act="gelu", layer_norm_eps=1e-12, hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0, pad_token_id=0, **common))
    redraw(bert, 1)
    padded_ids = [LONG, SHORT + [0] * (len(LONG) - len(SHORT))]
    padded_mask = [[1] * len(LONG), [1] * len(SHORT) + [0] * (len(LONG) - len(SHORT))]
    save("bert", bert, "bert", {"short": single(SHORT), "long": single(LONG),
                                "padded": (padded_ids, padded_mask)})

    # A bare BertModel: weights without the "bert." prefix, a pooler, tanh GELU, stored as F16.
    base = BertModel(BertConfig(
        vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=64, max_position_embeddings=64, type_vocab_size=2,
        hidden_act="gelu_new", layer_norm_eps=1e-12, hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0, pad_token_id=0, **common))
    redraw(base, 6)
    save("bert-base-model-f16", base, "bert", {"short": single(SHORT), "long": single(LONG)},
         dtype=torch.float16)

    gpt2 = GPT2LMHeadModel(GPT2Config(
        vocab_size=100, n_embd=32, n_layer=2, n_head=4, n_positions=64, n_inner=64,
        activation_function="gelu_new", resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0,
        layer_norm_epsilon=1e-5, bos_token_id=1, eos_token_id=2, **common))
    redraw(gpt2, 2)
    save("gpt2", gpt2, "gpt2", {"short": single(SHORT), "long": single(LONG)})
    save_word_tokenizer(OUT / "gpt2")

    llama_args = dict(vocab_size=100, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64,
                      rms_norm_eps=1e-5, rope_theta=500000.0, hidden_act="silu")
    llama = LlamaForCausalLM(LlamaConfig(tie_word_embeddings=False, **llama_args, **common))
    redraw(llama, 3)
    save("llama", llama, "llama", {"short": single(SHORT), "long": single(LONG)})

    llama16 = LlamaForCausalLM(LlamaConfig(tie_word_embeddings=False, **llama_args, **common))
    redraw(llama16, 7)
    save("llama-bf16", llama16, "llama", {"short": single(SHORT), "long": single(LONG)},
         dtype=torch.bfloat16)

    tied = LlamaForCausalLM(LlamaConfig(tie_word_embeddings=True, **llama_args, **common))
    redraw(tied, 4)
    save("llama-tied-sharded", tied, "llama", {"short": single(SHORT), "long": single(LONG)},
         shard="20KB")

    # Rotary angles at far positions: a one-layer model with wide heads and a 1024-token input,
    # of which only the last TAIL positions are stored (whole patterns would be megabytes).
    far = LlamaForCausalLM(LlamaConfig(
        vocab_size=100, hidden_size=64, intermediate_size=64, num_hidden_layers=1,
        num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=1024,
        rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=True, **common))
    redraw(far, 5)
    save_far_positions("llama-far-positions", far)


TAIL = 8


def save_word_tokenizer(directory):
    """A whitespace word-level tokenizer.json whose 100 entries match the fixture vocabulary:
    id 0 is <unk>, id i is the word "w<i>", so "w5 w17 w42 w8" encodes to the short case."""
    words = ["<unk>"] + [f"w{i}" for i in range(1, 100)]
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.save(str(directory / "tokenizer.json"))
    assert tok.encode("w5 w17 w42 w8").ids == SHORT


def save_far_positions(name, model):
    directory = OUT / name
    if directory.exists():
        shutil.rmtree(directory)
    model.eval()
    model.save_pretrained(directory, safe_serialization=True)
    (directory / "generation_config.json").unlink(missing_ok=True)
    gen = torch.Generator().manual_seed(6)
    ids = torch.randint(0, 100, (1, 1024), generator=gen)
    with torch.no_grad():
        result = model(input_ids=ids, output_hidden_states=True)
    expected = {"far.final_norm": result.hidden_states[-1][:, -TAIL:].contiguous(),
                "far.logits": result.logits[:, -TAIL:].contiguous()}
    save_file(expected, str(directory / "expected.safetensors"))
    inputs = {"far": {"input_ids": ids.tolist(), "tail": TAIL}}
    (directory / "inputs.json").write_text(json.dumps(inputs) + "\n")
    print(name, sorted(p.name for p in directory.iterdir()))


if __name__ == "__main__":
    main()
