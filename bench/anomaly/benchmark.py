"""The anomaly benchmark over real tables: splits, scikit-learn's detectors, metrics, the table and the figure.

  split   --table CSV --seed S --out DIR     normal rows (anomaly = 0) shuffled with the seed: 70 % to DIR/train.csv,
                                             the other normal rows and every anomaly to DIR/test.csv (+ column anomaly).
                                             Rows with a missing cell are left out (until missing values are modelled),
                                             and so are columns constant over the whole table.
  sklearn --dir DIR --seed S                 "detector auroc ap seconds rows" for IsolationForest, LOF (novelty),
                                             GaussianMixture with 1 component and with the BIC's choice of 1..8, OneClassSVM;
                                             each after a StandardScaler fitted on DIR/train.csv, all at scikit-learn's
                                             defaults; seconds: the scaler, fit and score_samples, in this process (its
                                             start and imports not counted); rows: DIR/train.csv's rows
  ours    --dir DIR --seconds T              "iwae4j auroc ap T rows" from DIR/scores.csv (anomaly_score) against
                                             DIR/test.csv; T: the wall time of fit and score, JVM starts included
  table   --results FILE --md MD --png PNG   the markdown table (mean ± standard deviation over seeds, per table and
                                             detector; then the mean over tables) and a figure of the same
A CSV has a header; its last column is "anomaly" (1 = anomaly). scikit-learn's breast_cancer.csv is converted by
  convert --sklearn-breast-cancer FILE --out CSV
"""
import argparse
import csv
import math
import os
import sys
import time

import numpy as np

TRAIN_FRACTION = 0.7


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    data = np.array([[float("nan") if v in ("", "NA") else float(v) for v in r] for r in rows[1:]])
    return header, data


def write(path, header, data, ints=()):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in data:
            w.writerow([str(int(v)) if j in ints else repr(float(v)) for j, v in enumerate(r)])


def split(table, seed, out):
    header, data = read(table)
    complete = ~np.isnan(data).any(axis=1)
    data = data[complete]
    x, y = data[:, :-1], data[:, -1].astype(int)
    keep = [j for j in range(x.shape[1]) if np.ptp(x[:, j]) > 0]
    x, names = x[:, keep], [header[j] for j in keep]
    normal, anomalous = np.where(y == 0)[0], np.where(y == 1)[0]
    order = np.random.RandomState(seed).permutation(normal)
    n_train = int(round(TRAIN_FRACTION * len(normal)))
    train, test_normal = order[:n_train], order[n_train:]
    test = np.concatenate([test_normal, anomalous])
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "train.csv"), names, x[train])
    write(os.path.join(out, "test.csv"), names + ["anomaly"], np.column_stack([x[test], y[test]]), ints=(len(names),))
    print("%s seed %d: %d complete rows of %d, %d features; train %d normal; test %d normal + %d anomalies"
          % (os.path.basename(table), seed, complete.sum(), len(complete), len(names), len(train), len(test_normal),
             len(anomalous)), file=sys.stderr)


def read_split(directory):
    _, train = read(os.path.join(directory, "train.csv"))
    _, test = read(os.path.join(directory, "test.csv"))
    return train, test[:, :-1], test[:, -1].astype(int)


def metrics(label, score):
    from sklearn.metrics import average_precision_score, roc_auc_score
    return roc_auc_score(label, score), average_precision_score(label, score)


def sklearn_detectors(directory, seed):
    from sklearn.ensemble import IsolationForest
    from sklearn.mixture import GaussianMixture
    from sklearn.neighbors import LocalOutlierFactor
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import OneClassSVM
    train, test, label = read_split(directory)
    start = time.perf_counter()
    scaler = StandardScaler().fit(train)
    a, b = scaler.transform(train), scaler.transform(test)
    scaling = time.perf_counter() - start

    def bic_gmm():
        best = None
        for c in range(1, 9):
            if c > len(a):
                break
            g = GaussianMixture(n_components=c, random_state=seed).fit(a)
            if best is None or g.bic(a) < best.bic(a):
                best = g
        return best

    detectors = [
        ("IsolationForest", lambda: IsolationForest(random_state=seed).fit(a)),
        ("LOF", lambda: LocalOutlierFactor(novelty=True).fit(a)),
        ("GMM-1", lambda: GaussianMixture(n_components=1, random_state=seed).fit(a)),
        ("GMM-BIC", bic_gmm),
        ("OneClassSVM", lambda: OneClassSVM().fit(a)),
    ]
    for name, make in detectors:
        start = time.perf_counter()
        score = -make().score_samples(b)
        seconds = scaling + time.perf_counter() - start
        auc, ap = metrics(label, score)
        print("%s %.6f %.6f %.3f %d" % (name, auc, ap, seconds, len(train)))


def ours(directory, seconds):
    _, _, label = read_split(directory)
    with open(os.path.join(directory, "scores.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    score = np.array([float(r["anomaly_score"]) for r in rows])
    auc, ap = metrics(label, score)
    train, _, _ = read_split(directory)
    print("iwae4j %.6f %.6f %.3f %d" % (auc, ap, seconds, len(train)))


ORDER = ["iwae4j", "IsolationForest", "LOF", "GMM-1", "GMM-BIC", "OneClassSVM"]


def table(results, md, png):
    per, times, rows = {}, {}, {}
    for line in open(results):
        f = line.split()
        t, seed, name, auc, ap = f[:5]
        per.setdefault(t, {}).setdefault(name, []).append((float(auc), float(ap)))
        if len(f) >= 7:   # lines written before the benchmark timed its detectors have no seconds
            times.setdefault(t, {}).setdefault(name, []).append(float(f[5]))
            rows[t] = int(f[6])
    tables = list(per)
    names = [n for n in ORDER if any(n in per[t] for t in tables)]
    lines = []
    for k, metric in ((0, "AUROC"), (1, "average precision")):
        lines.append("**%s** (mean ± standard deviation over seeds; best per table in bold)\n" % metric)
        lines.append("| table | " + " | ".join(names) + " |")
        lines.append("|---|" + "---|" * len(names))
        means = {n: [] for n in names}
        for t in tables:
            cells, best = [], max(np.mean([v[k] for v in per[t][n]]) for n in names if n in per[t])
            for n in names:
                v = [x[k] for x in per[t].get(n, [])]
                if not v:
                    cells.append("–")
                    continue
                m, s = np.mean(v), (np.std(v, ddof=1) if len(v) > 1 else 0.0)
                means[n].append(m)
                cell = "%.3f ± %.3f" % (m, s) if len(v) > 1 else "%.3f" % m
                cells.append("**" + cell + "**" if m == best else cell)
            seeds = len(per[t][names[0]]) if names[0] in per[t] else 0
            lines.append("| %s (%d seed%s) | %s |" % (t, seeds, "" if seeds == 1 else "s", " | ".join(cells)))
        lines.append("| **mean over tables** | " + " | ".join(
            ("%.4f" % np.mean(means[n])) if len(means[n]) == len(tables) else "–" for n in names) + " |")
        gaps = []
        for n in names:
            d = [np.mean([x[k] for x in per[t][n]]) - max(np.mean([x[k] for x in per[t][o]]) for o in names if o != n and o in per[t])
                 for t in tables if n in per[t]]
            gaps.append("%+.3f" % min(d) if d else "–")
        lines.append("| worst gap to the best other detector | " + " | ".join(gaps) + " |")
        lines.append("")
    if times:
        lines += time_table(tables, names, times, rows)
    with open(md, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib missing: no figure)", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(1.3 * len(tables) + 2, 4.2))
    width = 0.8 / len(names)
    for i, n in enumerate(names):
        xs, ms, sd = [], [], []
        for j, t in enumerate(tables):
            if n in per[t]:
                v = [x[0] for x in per[t][n]]
                xs.append(j + (i - (len(names) - 1) / 2) * width)
                ms.append(np.mean(v))
                sd.append(np.std(v, ddof=1) if len(v) > 1 else 0)
        ax.bar(xs, ms, width, yerr=sd, label=n, capsize=2)
    ax.set_xticks(range(len(tables)))
    ax.set_xticklabels(tables, rotation=20)
    lo = min(np.mean([x[0] for x in per[t][n]]) for t in tables for n in names if n in per[t])
    ax.set_ylim(max(0.0, math.floor(lo * 10) / 10 - 0.05), 1.0)
    ax.set_ylabel("AUROC (mean over seeds, ± sd)")
    ax.legend(fontsize=8, ncol=3, loc="lower left")
    fig.tight_layout()
    fig.savefig(png, dpi=120)


SMALL_ROWS, SMALL_GOAL, LARGE_GOAL = 1000, 5.0, 60.0


def time_table(tables, names, times, rows):
    """Seconds per seed (mean over the timed seeds) beside iwae4j's goal: <= 5 s under 1,000 training rows, else <= 60 s."""
    lines = ["**seconds per seed** (fit and score; iwae4j's are the wall time of one `fit -Dscore.data`, its JVM start included, each scikit-learn detector's"
             " the scaler, fit and score in one Python process whose start and imports are not counted; mean over seeds)\n",
             "| table | training rows | " + " | ".join(names) + " | scikit-learn's five | iwae4j's goal |",
             "|---|---|" + "---|" * (len(names) + 2)]
    for t in tables:
        if t not in times:
            continue
        cells = ["%.1f" % np.mean(times[t][n]) if n in times[t] else "–" for n in names]
        sk = [np.mean(times[t][n]) for n in names if n != "iwae4j" and n in times[t]]
        goal, verdict = (SMALL_GOAL if rows[t] < SMALL_ROWS else LARGE_GOAL), "–"
        if "iwae4j" in times[t]:
            worst = max(times[t]["iwae4j"])
            verdict = "≤ %.0f s: %s (slowest seed %.1f s)" % (goal, "met" if worst <= goal else "missed", worst)
        lines.append("| %s | %d | %s | %s | %s |" % (t, rows[t], " | ".join(cells), "%.1f" % sum(sk) if sk else "–", verdict))
    lines.append("")
    return lines


def convert(path, out):
    with open(path) as f:
        rows = list(csv.reader(f))
    data = np.array([[float(v) for v in r] for r in rows[1:]])
    x, malignant = data[:, :30], (data[:, 30] == 0).astype(int)
    write(out, ["f%d" % (j + 1) for j in range(30)] + ["anomaly"], np.column_stack([x, malignant]), ints=(30,))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["split", "sklearn", "ours", "table", "convert"])
    ap.add_argument("--table")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out")
    ap.add_argument("--dir")
    ap.add_argument("--results")
    ap.add_argument("--md")
    ap.add_argument("--png")
    ap.add_argument("--sklearn-breast-cancer")
    ap.add_argument("--seconds", type=float, default=float("nan"))
    a = ap.parse_args()
    if a.command == "split":
        split(a.table, a.seed, a.out)
    elif a.command == "sklearn":
        sklearn_detectors(a.dir, a.seed)
    elif a.command == "ours":
        ours(a.dir, a.seconds)
    elif a.command == "table":
        table(a.results, a.md, a.png)
    else:
        convert(a.sklearn_breast_cancer, a.out)


if __name__ == "__main__":
    main()
