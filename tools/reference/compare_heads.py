"""Compares heads.json from `explaint heads` with the output of heads_reference.py.

Prints, per relation, both counts, both best scores and the largest difference over the
dep->head and head->dep [layer][head] grids; exits 1 when any difference exceeds the tolerance.

Run: /root/refenv/bin/python tools/reference/compare_heads.py reference.json heads.json [TOL]
"""
import json
import sys

import numpy as np


def main():
    ref = json.load(open(sys.argv[1]))
    ours = json.load(open(sys.argv[2]))
    tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-9
    worst = 0.0
    for name, r in ref["relations"].items():
        x = ours["relations"].get(name)
        if x is None:
            print(f"{name}: missing from {sys.argv[2]}")
            worst = float("inf")
            continue
        diff = max(np.abs(np.array(r["scores"][d]) - np.array(x["scores"][d])).max()
                   for d in ("dep->head", "head->dep"))
        worst = max(worst, diff)
        print(f"{name:10s} count {r['count']:6d} / {x['count']:6d}  best {r['best']:.4f} / "
              f"{x['best']['score']:.4f}  largest grid difference {diff:.2e}")
    print(f"largest difference {worst:.2e} (tolerance {tolerance:g})")
    sys.exit(0 if worst <= tolerance else 1)


if __name__ == "__main__":
    main()
