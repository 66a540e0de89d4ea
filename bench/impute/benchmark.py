"""The imputation benchmark: cells removed completely at random from real tables, filled by iwae4j and by
scikit-learn, scored by RMSE in standardized units.

  holes   --table CSV --rate R --seed S --out DIR   the table's feature columns (its "anomaly" column and columns
                                                    constant over the table dropped; its own missing cells kept as
                                                    missing and never scored), each cell removed with probability R
                                                    (seeded): DIR/holed.csv (removed cells empty), DIR/truth.npy,
                                                    DIR/removed.npy (the mask of removed cells)
  sklearn --dir DIR --seed S                        "method rmse" for the column mean, KNNImputer and IterativeImputer
                                                    (scikit-learn's defaults; IterativeImputer seeded), on DIR/holed.csv
  ours    --dir DIR                                 "iwae4j rmse" from DIR/imputed.csv
  table   --results FILE --md MD --png PNG          the markdown table (mean ± standard deviation over seeds per table,
                                                    rate and method; the mean over tables per rate) and a figure
RMSE is over the removed cells only, each error divided by its column's standard deviation over the whole table
(before removal), so a column's units do not weigh in.
"""
import argparse
import csv
import os
import sys

import numpy as np


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    data = np.array([[float("nan") if v in ("", "NA") else float(v) for v in r] for r in rows[1:]])
    return header, data


def holes(table, rate, seed, out):
    header, data = read(table)
    if header[-1] == "anomaly":
        header, data = header[:-1], data[:, :-1]
    keep = [j for j in range(data.shape[1]) if np.nanmax(data[:, j]) > np.nanmin(data[:, j])]
    header, data = [header[j] for j in keep], data[:, keep]
    rng = np.random.RandomState(seed)
    removed = (rng.uniform(size=data.shape) < rate) & ~np.isnan(data)
    holed = data.copy()
    holed[removed] = np.nan
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "holed.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in holed:
            w.writerow(["" if np.isnan(v) else repr(float(v)) for v in r])
    np.save(os.path.join(out, "truth.npy"), data)
    np.save(os.path.join(out, "removed.npy"), removed)
    print("%s rate %.2f seed %d: %d rows x %d columns, %d cells removed (%.1f%%)"
          % (os.path.basename(table), rate, seed, data.shape[0], data.shape[1], removed.sum(), 100.0 * removed.mean()),
          file=sys.stderr)


def rmse(directory, filled):
    truth = np.load(os.path.join(directory, "truth.npy"))
    removed = np.load(os.path.join(directory, "removed.npy"))
    sd = np.nanstd(truth, axis=0)
    sd[sd == 0] = 1
    err = (filled - truth) / sd
    return float(np.sqrt(np.mean(err[removed] ** 2)))


def sklearn(directory, seed):
    from sklearn.experimental import enable_iterative_imputer  # noqa: F401 (enables the import below)
    from sklearn.impute import IterativeImputer, KNNImputer, SimpleImputer

    _, holed = read(os.path.join(directory, "holed.csv"))
    methods = [("mean", SimpleImputer(strategy="mean")), ("KNNImputer", KNNImputer()),
               ("IterativeImputer", IterativeImputer(random_state=seed))]
    import warnings
    for name, imp in methods:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # IterativeImputer's "did not converge" on the larger rates
            filled = imp.fit_transform(holed)
        print("%s %.6f" % (name, rmse(directory, filled)))


def ours(directory):
    _, filled = read(os.path.join(directory, "imputed.csv"))
    print("iwae4j %.6f" % rmse(directory, filled))


METHODS = ["iwae4j", "mean", "KNNImputer", "IterativeImputer"]


def table(results, md, png):
    lines = [l.split() for l in open(results) if l.strip()]
    values = {}
    for t, rate, seed, method, v in lines:
        values.setdefault((t, rate), {}).setdefault(method, {})[seed] = float(v)
    tables = []
    for t, _ in values:
        if t not in tables:
            tables.append(t)
    rates = sorted({r for _, r in values})
    out = ["**RMSE of the removed cells** (standardized units; mean ± standard deviation over seeds; lowest in bold)", "",
           "| table | removed | " + " | ".join(METHODS) + " |", "|---|---|" + "---|" * len(METHODS)]
    means = {}
    for rate in rates:
        for t in tables:
            cell = values.get((t, rate))
            if not cell:
                continue
            stats = {}
            for m in METHODS:
                seeds = cell.get(m, {})
                if seeds:
                    v = np.array(list(seeds.values()))
                    stats[m] = (v.mean(), v.std(), len(v))
            best = min(stats[m][0] for m in stats)
            row = []
            for m in METHODS:
                if m not in stats:
                    row.append("–")
                    continue
                mu, sd, n = stats[m]
                s = "%.3f ± %.3f" % (mu, sd)
                row.append("**%s**" % s if mu == best else s)
                means.setdefault((rate, m), []).append(mu)
            n = max(s[2] for s in stats.values())
            out.append("| %s (%d seeds) | %d %% | %s |" % (t, n, round(100 * float(rate)), " | ".join(row)))
        out.append("| **mean over tables** | %d %% | %s |" % (round(100 * float(rate)), " | ".join(
            "%.3f" % np.mean(means[(rate, m)]) if (rate, m) in means else "–" for m in METHODS)))
    with open(md, "w") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(out))
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib missing: no figure)", file=sys.stderr)
        return
    fig, axes = plt.subplots(1, len(rates), figsize=(5.5 * len(rates), 4), squeeze=False)
    width = 0.8 / len(METHODS)
    for a, rate in zip(axes[0], rates):
        ts = [t for t in tables if (t, rate) in values]
        for i, m in enumerate(METHODS):
            mu = [np.mean(list(values[(t, rate)].get(m, {}).values()) or [np.nan]) for t in ts]
            sd = [np.std(list(values[(t, rate)].get(m, {}).values()) or [np.nan]) for t in ts]
            a.bar(np.arange(len(ts)) + (i - (len(METHODS) - 1) / 2) * width, mu, width, yerr=sd, label=m, capsize=2)
        a.set_xticks(np.arange(len(ts)))
        a.set_xticklabels(ts, rotation=20)
        a.set_ylabel("RMSE of removed cells (standardized)")
        a.set_title("%d %% of cells removed" % round(100 * float(rate)))
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=110)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("holes")
    h.add_argument("--table", required=True)
    h.add_argument("--rate", type=float, required=True)
    h.add_argument("--seed", type=int, required=True)
    h.add_argument("--out", required=True)
    s = sub.add_parser("sklearn")
    s.add_argument("--dir", required=True)
    s.add_argument("--seed", type=int, required=True)
    o = sub.add_parser("ours")
    o.add_argument("--dir", required=True)
    t = sub.add_parser("table")
    t.add_argument("--results", required=True)
    t.add_argument("--md", required=True)
    t.add_argument("--png", required=True)
    a = p.parse_args()
    if a.cmd == "holes":
        holes(a.table, a.rate, a.seed, a.out)
    elif a.cmd == "sklearn":
        sklearn(a.dir, a.seed)
    elif a.cmd == "ours":
        ours(a.dir)
    else:
        table(a.results, a.md, a.png)


if __name__ == "__main__":
    main()
