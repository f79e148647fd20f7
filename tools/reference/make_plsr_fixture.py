"""Writes the PLS regression fixture that PlsRegressionTest compares explaint against.

Produces analysis/src/test/resources/mapping/plsr_fixture.json: a small random problem
(40 samples x 12 features -> 5 targets, one constant target column to exercise the
zero-std rule) with scikit-learn's PLSRegression(n_components=3, scale=True) coef_,
intercept_ and predictions on 7 held-out rows.

Run from the repository root:  /root/refenv/bin/python tools/reference/make_plsr_fixture.py
"""
import json
import numpy as np
import sklearn
from sklearn.cross_decomposition import PLSRegression

rng = np.random.default_rng(20250813)
x = rng.normal(size=(40, 12))
w = rng.normal(size=(12, 5))
y = x @ w + 0.5 * rng.normal(size=(40, 5))
y[:, 3] = 2.0  # a constant target: std 0 is replaced by 1 in scaling
x_test = rng.normal(size=(7, 12))

model = PLSRegression(n_components=3, scale=True, max_iter=500, tol=1e-06).fit(x, y)
out = {
    "sklearn_version": sklearn.__version__,
    "n_components": 3,
    "x": x.tolist(), "y": y.tolist(), "x_test": x_test.tolist(),
    "coef": model.coef_.tolist(),              # [target, feature]
    "intercept": model.intercept_.tolist(),
    "predictions": model.predict(x_test).tolist(),
    "train_predictions": model.predict(x).tolist(),
}
with open("analysis/src/test/resources/mapping/plsr_fixture.json", "w") as f:
    json.dump(out, f)
print("wrote fixture, sklearn", sklearn.__version__)
