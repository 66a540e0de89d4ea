"""scikit-learn's score_samples throughput on the rows ScoreBench scores: 1,000 rows of 30 standard-normal features,
models fitted on 1,000 other such rows at scikit-learn's defaults (IsolationForest; GaussianMixture with 1 and 4
full-covariance components). Prints "method mode rows_per_s" for a batch of 1,000 rows per call and one row per
call (as a service scoring requests). Threads are those of the BLAS and OpenMP pools: set OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS before starting (bench/compare-scoring.sh does)."""
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.mixture import GaussianMixture


def rate(call, rows, seconds=3.0):
    call(rows[:10])
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        call(rows)
        n += len(rows)
    return n / (time.perf_counter() - start)


def main():
    rng = np.random.RandomState(7)
    train, rows = rng.standard_normal((1000, 30)), rng.standard_normal((1000, 30))
    models = [("IsolationForest", IsolationForest(random_state=0).fit(train)),
              ("GaussianMixture-1", GaussianMixture(1, random_state=0).fit(train)),
              ("GaussianMixture-4", GaussianMixture(4, random_state=0).fit(train))]
    for name, m in models:
        print("%s batch %.0f" % (name, rate(m.score_samples, rows)))
        one = rows[:200]
        print("%s one-row %.0f" % (name, rate(lambda r: [m.score_samples(x[None, :]) for x in r], one)))


if __name__ == "__main__":
    main()
