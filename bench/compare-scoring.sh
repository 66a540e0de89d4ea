#!/usr/bin/env bash
# Scoring throughput for tables: iwae4j's Scorer (JMH ScoreBench: the fit defaults' model of 30 features, L_100 and
# L_1000, a batch of 1,000 rows per call and one row per call) beside scikit-learn's score_samples (IsolationForest,
# GaussianMixture) on the same kind of rows, on one and two threads. Run it on a quiet machine.
# usage: bench/compare-scoring.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests -pl bench -am
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); java: $(java -version 2>&1 | head -1); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
java -jar bench/target/benchmarks.jar ScoreBench -rf csv -rff bench/target/score.csv > bench/target/score.log 2>&1
echo "| scorer | mode | threads | rows/s |"
echo "|---|---|---|---|"
# JMH's csv: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: k","Param: threads"
tail -n +2 bench/target/score.csv | tr -d '"' | awk -F, '{split($1, b, "."); printf "| iwae4j L_%s | %s | %s | %.0f |\n", $8, b[length(b)], $9, $5}'
for T in 1 2; do
  OMP_NUM_THREADS=$T OPENBLAS_NUM_THREADS=$T MKL_NUM_THREADS=$T /usr/bin/python3 bench/scoring/sklearn_scoring.py \
    | awk -v t=$T '{printf "| %s | %s | %s | %.0f |\n", $1, $2, t, $3}'
done
