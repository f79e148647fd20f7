#!/usr/bin/env python3
"""Writes report/src/test/resources/sample-results.json, the made-up results that drive the
report tests and the README screenshot: realistic shapes and magnitudes for all-MiniLM-L6-v2
(6 layers x 12 heads), plus hostile text (a <script> word, markup in a relation name and in a
missing concept, a U+2028 word) that the page must show as text.

Run from the repository root: python3 tools/reference/sample_report_results.py
(plain Python 3, no packages; the seed is fixed, so the output is the same every run).
"""
import json, random, math
rng = random.Random(7)
L, H = 6, 12
def r(x): return round(x, 4)
def ci(v, w=0.03): return [r(max(0, v - w)), r(min(1, v + w))]
rels = {}
plan = {"nsubj": (3, 7, "dep->head", 0.61, 0.34), "obj": (4, 2, "head->dep", 0.72, 0.41),
        "amod": (2, 10, "dep->head", 0.83, 0.66), "det": (1, 4, "dep->head", 0.91, 0.72),
        "<b>case</b>": (5, 1, "dep->head", 0.48, 0.45)}
for name, (bl, bh, bd, best, base) in plan.items():
    scores = {}
    for d in ("dep->head", "head->dep"):
        m = [[r(rng.uniform(0.05, base)) for _ in range(H)] for _ in range(L)]
        if d == bd: m[bl][bh] = best
        scores[d] = m
    rels[name] = {"count": rng.randint(300, 1500),
        "best": {"layer": bl, "head": bh, "direction": bd, "score": best, "ci": ci(best)},
        "baseline": {"offset": -1 if bd == "dep->head" else 1, "score": base, "ci": ci(base)},
        "random_model_score": r(base * 0.6),
        "uuas_best": {"layer": bl, "head": (bh + 3) % H, "score": r(best * 0.7)},
        "scores": scores}
heads = {"metadata": {"model": "minilm", "treebank": "en_ewt-ud-test.conllu",
    "sentences_used": 1800, "sentences_skipped": 277,
    "special_mass": [[r(rng.uniform(0.1, 0.2 + 0.12 * l)) for _ in range(H)] for l in range(L)]},
    "relations": rels}
layers = []
for l in range(L):
    ident = {}
    for ref, drop in (("against_embed", 0.0), ("against_token_embedding", 0.08)):
        ident[ref] = {}
        for probe, base in (("identity", 1.0 - 0.17 * l), ("linear", 1.0 - 0.06 * l), ("mlp", 1.0 - 0.03 * l)):
            v = r(max(0.02, base - drop))
            ident[ref][probe] = {"rate": v, "ci": ci(v, 0.02)}
    ro = r(0.9 * math.exp(-0.45 * l)); fl = r(0.85 * math.exp(-0.35 * l))
    layers.append({"layer": l, "identifiability": ident,
        "rollout_self_share": {"mean": ro, "ci": ci(ro, 0.02)},
        "flow_self_share": {"mean": fl, "ci": ci(fl, 0.02), "max_length": 24}})
claims = []
for name, verdict in (("nsubj", "weak"), ("obj", "not warranted"), ("amod", "warranted"), ("det", "warranted")):
    b = rels[name]["best"]
    claims.append({"relation": name, "layer": b["layer"], "head": b["head"], "direction": b["direction"],
        "raw_score": b["score"], "rollout_score": r(b["score"] * 0.4),
        "identifiability": layers[b["layer"]]["identifiability"]["against_embed"]["identity"]["rate"],
        "baseline_score": rels[name]["baseline"]["score"], "baseline_ci": rels[name]["baseline"]["ci"],
        "verdict": verdict})
words = ["The", "<script>alert(1)</script>", "tag", "&", "the", "cat", "sat", "quietly", "\u2028", "."]
n = len(words)
def softmax_row():
    xs = [rng.expovariate(1.0) ** 2 for _ in range(n)]; s = sum(xs); return [r(x / s) for x in xs]
raw = [[[softmax_row() for _ in range(n)] for _ in range(H)] for _ in range(L)]
rollout = [[softmax_row() for _ in range(n)] for _ in range(L)]
tokens = {"layers": layers, "claims": claims,
    "rule": {"name": "attention-claim-v1", "text": "A claim needs the raw score above the upper end of the offset baseline's interval. It is then warranted when identifiability at the head's layer is at least 0.6, weak from 0.35 to 0.6, and not warranted below 0.35.",
             "thresholds": {"warranted_identifiability": 0.6, "weak_identifiability": 0.35}},
    "example": {"words": words, "layers": L, "heads": H, "raw": raw, "rollout": rollout}}
controls = ("shuffled_concepts", "random_norms", "random_embeddings", "nonsense_targets", "nearest_neighbour_copy")
metrics = {}
for mname, real in (("feature_f1", 0.412), ("spearman_rsa", 0.287), ("top10_precision", 0.356)):
    cs = {}
    for c in controls:
        v = r(real * rng.uniform(0.2, 1.05)) if c != "nearest_neighbour_copy" else r(real * 0.97)
        cs[c] = {"score": v, "ci": ci(v, 0.025), "p_value": r(rng.choice([0.0004, 0.003, 0.021, 0.41])),
                 "selectivity": r(real - v)}
    metrics[mname] = {"real": {"score": real, "ci": ci(real, 0.025)}, "controls": cs}
mapping = {"norms": "McRae et al. (2005)", "format": "mcrae-csv", "mapper": "PLS regression (20 components)",
    "embeddings": "static input embeddings (mean over word pieces)",
    "coverage": {"used": 517, "missing": ["<img src=x onerror=alert(1)>", "bluejay", "dunebuggy"]},
    "metrics": metrics,
    "verdict": {"label": "not warranted", "text": "The mapping scores about as well as copying the nearest neighbour's norms, so it does not show that the embeddings encode these features."},
    "rule": {"name": "mapping-controls-v1", "text": "Warranted only if the real score exceeds every control with p < 0.01 and selectivity at least 0.05.",
             "thresholds": {"p_value": 0.01, "selectivity": 0.05}}}
metadata = {"model": "minilm", "command": "explaint postmortem --model minilm --treebank data/ud/en_ewt-ud-test.conllu --norms data/norms/mcrae.csv --out out/minilm",
    "data_files": [{"path": "data/ud/en_ewt-ud-test.conllu", "sha256": "3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d"},
                   {"path": "data/norms/mcrae.csv", "sha256": "a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00"}],
    "seeds": {"bootstrap": 17, "random_model": 42},
    "versions": {"explaint": "0.1.0-SNAPSHOT", "java": "25.0.1"},
    "timings": {"heads": 84.2, "tokens": 131.7, "mapping": 22.9},
    "started": "2026-12-03T17:02:11Z", "finished": "2026-12-03T17:06:12Z"}
out = {"metadata": metadata, "heads": heads, "tokens": tokens, "mapping": mapping}
json.dump(out, open("report/src/test/resources/sample-results.json", "w"), indent=1, ensure_ascii=False)

# The same results in the shapes the analyses write on their own (heads.json, tokens.json,
# map.json), which the report also reads: report/src/test/resources/native-results.json.
native_heads = dict(heads["metadata"])
native_heads.pop("special_mass")
native_heads.update({"family": "bert", "causal": False, "layers": L, "heads": H, "seed": 42,
    "note": None, "method": "Each head's argmax attention from a word is compared with the word's partner in the tree.",
    "special_token_mass": {"per_layer": [r(sum(row) / H) for row in heads["metadata"]["special_mass"]],
                           "per_head": heads["metadata"]["special_mass"]},
    "uuas": {"best": {"layer": 2, "head": 5, "score": 0.41}, "method": "maximum spanning tree"},
    "random_model": "normal(0, 0.02) weights, seed 42", "relations": {}})
for name, rel in rels.items():
    rel = dict(rel); rel.pop("uuas_best")
    rel["baseline"] = dict(rel["baseline"], direction=rel["best"]["direction"])
    rel["scores"] = {d: [[None if (d == "head->dep" and l == 0) else v for v in row]
                         for l, row in enumerate(m)] for d, m in rel["scores"].items()}
    native_heads["relations"][name] = rel
def est(e, key):
    return {"rate": e[key], "ci": e["ci"], "positions": 40000, "sentences": 1800}
native_layers = []
for l, layer in enumerate(layers + [layers[-1]]):
    native_layers.append({"layer": "final" if l == L else str(l), "hook": "blocks.%d.hook_resid_pre" % l,
        "identifiability": {ref: {m: est(v, "rate") for m, v in maps.items()} for ref, maps in layer["identifiability"].items()},
        "rollout_self_share": est(layer["rollout_self_share"], "mean"),
        "flow_self_share": est(layer["flow_self_share"], "mean")})
native_claims = []
for c in claims:
    n = dict(c)
    n["raw_score"] = {"rate": c["raw_score"], "ci": ci(c["raw_score"]), "positions": 900, "sentences": 800}
    n["rollout_score"] = {"rate": c["rollout_score"], "ci": ci(c["rollout_score"]), "positions": 900, "sentences": 800}
    n["reported_score"] = c["raw_score"]; n["arcs"] = 900
    native_claims.append(n)
native_tokens = {"model": "minilm", "treebank": "en_ewt-ud-test.conllu", "sentences": 1800,
    "layer_definition": "layer k is the residual stream entering block k; final is the last block's output",
    "interval_method": "95% percentile bootstrap over sentences, 1000 resamples",
    "flow": {"max_length": 24, "sentences": 310, "note": "attention flow is computed only for sentences of at most 24 positions"},
    "layers": native_layers,
    "verdict_rule": {"name": "identifiability-gated-v1", "min_identifiability": 0.35, "good_identifiability": 0.6,
                     "text": "warranted when the baseline is beaten and identifiability is at least 0.6; weak from 0.35; not warranted below"},
    "claims": native_claims, "wall_seconds": 131.7}
def score(e):
    return {"value": e["score"], "low": e["ci"][0], "high": e["ci"][1], "interval": "folds: mean +- 1.96 SE"}
native_controls = []
for c in controls:
    native_controls.append({"name": c, "description": "control " + c, "runs": 20,
        "scores": {m: score(v["controls"][c]) for m, v in metrics.items()},
        "pValues": {m: v["controls"][c]["p_value"] for m, v in metrics.items()},
        "selectivity": {m: v["controls"][c]["selectivity"] for m, v in metrics.items()}})
native_mapping = {"mapper": "plsr(components=20)", "norms": "McRae et al. (2005)", "embeddings": "minilm input embeddings",
    "conceptsUsed": 517, "missing": mapping["coverage"]["missing"], "sharedWords": [], "features": 2526, "folds": 10,
    "permutations": 20, "seed": 42, "threshold": 0.5, "neighbours": 10,
    "real": {m: score(v["real"]) for m, v in metrics.items()}, "controls": native_controls,
    "verdict": {"rule": "beats-every-control-v1", "ruleText": "The mapping is warranted when it beats every chance control.",
                "warranted": False, "reasons": ["feature_f1 does not beat nearest_neighbour_copy (p = 0.003)"],
                "position": {"feature_f1": 0.04}}}
native = {"metadata": metadata, "heads": native_heads, "tokens": native_tokens, "mapping": native_mapping}
json.dump(native, open("report/src/test/resources/native-results.json", "w"), indent=1, ensure_ascii=False)
