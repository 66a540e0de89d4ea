#!/usr/bin/env bash
# Anomaly detection on scikit-learn's breast-cancer table, iwae4j (-Dexp=fit, -Dexp=score) beside scikit-learn's
# IsolationForest, LocalOutlierFactor and GaussianMixture, on the same splits (bench/anomaly/breast_cancer.py).
# usage: bench/anomaly/breast_cancer.sh [seeds, default "1 2 3 4 5"]   (installs python3-sklearn when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS="${1:-1 2 3 4 5}"
PY=/usr/bin/python3
CSV=/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv
if ! $PY -c "import sklearn" 2>/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "installing python3-sklearn from Debian ..." >&2
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-sklearn >/dev/null
fi
WORK=$(mktemp -d)
mvn -q -B -pl experiments -am install -DskipTests
mvn -q -B -pl experiments dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="experiments/target/classes:$(cat "$WORK/cp.txt")"
JAVA=(java --add-modules=jdk.incubator.vector -cp "$CP")
: > "$WORK/results.txt"
for s in $SEEDS; do
  D="$WORK/seed$s"
  $PY bench/anomaly/breast_cancer.py split --csv "$CSV" --seed "$s" --out "$D"
  "${JAVA[@]}" -Dexp=fit -Ddata="$D/train.csv" -Dmodel.out="$D/model.safetensors" -Dseed="$s" iwae4j.cli.Main 2>/dev/null
  "${JAVA[@]}" -Dexp=score -Dmodel="$D/model.safetensors" -Ddata="$D/test.csv" -Dout="$D/scores.csv" -Dk=1000 iwae4j.cli.Main 2>/dev/null
  { $PY bench/anomaly/breast_cancer.py auroc --dir "$D"; $PY bench/anomaly/breast_cancer.py sklearn --dir "$D" --seed "$s"; } \
    | sed "s/^/$s /" | tee -a "$WORK/results.txt"
done
echo
$PY bench/anomaly/breast_cancer.py table --results "$WORK/results.txt"
rm -rf "$WORK"
