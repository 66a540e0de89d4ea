"""Anomaly detection on the Wisconsin breast-cancer table: the protocol, and scikit-learn's detectors beside iwae4j.

  split   --csv FILE --seed S --out DIR   benign rows shuffled with the seed: 250 to DIR/train.csv (30 features),
                                          the other benign and all malignant rows to DIR/test.csv (+ column 'malignant')
  auroc   --dir DIR                       AUROC of DIR/scores.csv's anomaly_score against DIR/test.csv's label
  table   --results FILE                  the markdown table of "seed detector auroc" lines: mean and range per detector
  sklearn --dir DIR --seed S              AUROC of IsolationForest, LocalOutlierFactor (novelty) and GaussianMixture,
                                          each fitted on DIR/train.csv after a StandardScaler fitted there too
The CSV is scikit-learn's own (its first line is "569,30,malignant,benign", the last column the label, 0 = malignant).
"""
import argparse
import csv
import os

import numpy as np

TRAIN_BENIGN = 250


def load(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    data = np.array([[float(v) for v in r] for r in rows[1:]])
    return data[:, :30], data[:, 30].astype(int)


def write(path, x, label=None):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["f%d" % (j + 1) for j in range(x.shape[1])] + (["malignant"] if label is not None else []))
        for i in range(x.shape[0]):
            w.writerow([repr(float(v)) for v in x[i]] + ([int(label[i])] if label is not None else []))


def read_test(directory):
    with open(os.path.join(directory, "test.csv")) as f:
        rows = list(csv.reader(f))
    data = np.array([[float(v) for v in r] for r in rows[1:]])
    return data[:, :30], data[:, 30].astype(int)


def auroc(score, positive):
    """Probability that a random positive scores above a random negative (ties count half)."""
    pos, neg = score[positive == 1], score[positive == 0]
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return greater / (len(pos) * len(neg))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["split", "auroc", "sklearn", "table"])
    ap.add_argument("--results")
    ap.add_argument("--csv")
    ap.add_argument("--dir")
    ap.add_argument("--out")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.command == "split":
        x, y = load(a.csv)
        benign, malignant = np.where(y == 1)[0], np.where(y == 0)[0]
        order = np.random.RandomState(a.seed).permutation(benign)
        train, test_benign = order[:TRAIN_BENIGN], order[TRAIN_BENIGN:]
        os.makedirs(a.out, exist_ok=True)
        write(os.path.join(a.out, "train.csv"), x[train])
        test = np.concatenate([test_benign, malignant])
        write(os.path.join(a.out, "test.csv"), x[test], np.concatenate([np.zeros(len(test_benign)), np.ones(len(malignant))]))
        print("seed %d: %d benign rows to train on; %d benign and %d malignant to test" % (a.seed, len(train), len(test_benign), len(malignant)))
    elif a.command == "table":
        per = {}
        with open(a.results) as f:
            for line in f:
                seed, name, value = line.split()
                per.setdefault(name, []).append(float(value))
        print("| detector | mean AUROC | min | max | seeds |")
        print("|---|---|---|---|---|")
        for name, v in per.items():
            print("| %s | %.4f | %.4f | %.4f | %d |" % (name, np.mean(v), min(v), max(v), len(v)))
    elif a.command == "auroc":
        _, label = read_test(a.dir)
        with open(os.path.join(a.dir, "scores.csv")) as f:
            rows = list(csv.DictReader(f))
        score = np.array([float(r["anomaly_score"]) for r in rows])
        print("iwae4j %.4f" % auroc(score, label))
    else:
        from sklearn.ensemble import IsolationForest
        from sklearn.mixture import GaussianMixture
        from sklearn.neighbors import LocalOutlierFactor
        from sklearn.preprocessing import StandardScaler
        with open(os.path.join(a.dir, "train.csv")) as f:
            train = np.array([[float(v) for v in r] for r in list(csv.reader(f))[1:]])
        test, label = read_test(a.dir)
        scaler = StandardScaler().fit(train)
        tr, te = scaler.transform(train), scaler.transform(test)
        detectors = {
            "IsolationForest": IsolationForest(random_state=a.seed).fit(tr),
            "LocalOutlierFactor": LocalOutlierFactor(novelty=True).fit(tr),
            "GaussianMixture": GaussianMixture(random_state=a.seed).fit(tr),
        }
        for name, d in detectors.items():
            normality = d.score_samples(te)  # higher = more normal in all three
            print("%s %.4f" % (name, auroc(-normality, label)))


if __name__ == "__main__":
    main()
