"""PyTorch eager baseline for `explaint bench-decoder`: a random GPT-2-small-shaped model.

Prints prompt-processing and generation (KV cache) throughput in tokens/s for a
transformers GPT2LMHeadModel with default GPT2Config (12 layers, 768 hidden, 12 heads,
vocab 50257), random weights (seed 0), float32, torch.set_num_threads(2), eager attention.
As explaint's session does, only the last position's logits are computed (logits_to_keep=1).
The best of --repeats timed runs after one warm-up is reported.

Run:  /root/refenv/bin/python tools/reference/bench_decoder_torch.py [--prompt-tokens 128]
      [--gen-tokens 64] [--repeats 3] [--threads 2]
"""
import argparse
import time

import torch
from transformers import GPT2Config, GPT2LMHeadModel


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompt-tokens", type=int, default=128)
    ap.add_argument("--gen-tokens", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(attn_implementation="eager")).eval()
    prompt = torch.randint(0, 50257, (1, a.prompt_tokens), generator=torch.Generator().manual_seed(1))
    best_prompt = best_gen = 0.0
    with torch.inference_mode():
        for r in range(a.repeats + 1):
            t0 = time.perf_counter()
            out = model(prompt, use_cache=True, logits_to_keep=1)
            t1 = time.perf_counter()
            past = out.past_key_values
            nxt = out.logits[:, -1].argmax(-1, keepdim=True)
            for _ in range(a.gen_tokens):
                out = model(nxt, past_key_values=past, use_cache=True, logits_to_keep=1)
                past = out.past_key_values
                nxt = out.logits[:, -1].argmax(-1, keepdim=True)
            t2 = time.perf_counter()
            if r > 0:
                best_prompt = max(best_prompt, a.prompt_tokens / (t1 - t0))
                best_gen = max(best_gen, a.gen_tokens / (t2 - t1))
    print(f"torch {torch.__version__}, {a.threads} threads, random gpt2-small")
    print(f"prompt processing: {a.prompt_tokens} tokens, {best_prompt:.1f} tokens/s")
    print(f"generation with KV cache: {a.gen_tokens} tokens, {best_gen:.1f} tokens/s")


if __name__ == "__main__":
    main()
