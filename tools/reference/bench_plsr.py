"""Times scikit-learn's PLSRegression on the McRae-sized benchmark, for comparison with explaint.

Problem: the McRae et al. (2005) norms (541 concepts x 2526 features, production frequencies)
against random 768-dimensional embeddings (seed 0), 10-fold cross-validation over concepts,
PLSRegression(n_components=K, scale=True). Prints wall and CPU time and mean n_iter_ per component.
The Java side is PlsBenchmark (analysis test sources), run as described in its header.

Run single-threaded for a like-for-like CPU comparison:
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /root/refenv/bin/python tools/reference/bench_plsr.py [mcrae-file] [components]
"""
import sys
import time
import numpy as np
from sklearn.cross_decomposition import PLSRegression
from sklearn.model_selection import KFold

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/norms/mcrae/CONCS_FEATS_concstats_brm.txt"
k = int(sys.argv[2]) if len(sys.argv) > 2 else 50
rows = [l.rstrip("\r\n").split("\t") for l in open(path, encoding="utf-8")]
head, rows = rows[0], rows[1:]
ci, fi, vi = head.index("Concept"), head.index("Feature"), head.index("Prod_Freq")
concepts = sorted({r[ci] for r in rows})
features = sorted({r[fi] for r in rows})
cidx = {c: i for i, c in enumerate(concepts)}
fidx = {f: i for i, f in enumerate(features)}
y = np.zeros((len(concepts), len(features)))
for r in rows:
    y[cidx[r[ci]], fidx[r[fi]]] += float(r[vi])
x = np.random.default_rng(0).normal(size=(len(concepts), 768))

start = time.perf_counter()
cpu_start = time.process_time()
iters = []
for train, test in KFold(10, shuffle=True, random_state=1).split(x):
    m = PLSRegression(n_components=k, scale=True).fit(x[train], y[train])
    m.predict(x[test])
    iters.append(np.mean(m.n_iter_))
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu_start
print(f"scikit-learn {y.shape} x 768, {k} components, 10 folds: {elapsed:.2f} s "
      f"(mean power iterations per component {np.mean(iters):.1f})")
