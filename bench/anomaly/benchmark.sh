#!/usr/bin/env bash
# The anomaly benchmark over real tables (bench/anomaly/benchmark.py has the protocol): iwae4j's `fit` and `score`
# at their defaults beside scikit-learn's IsolationForest, LOF, GaussianMixture (1 and BIC-chosen components) and
# OneClassSVM, on the same splits, 5 seeds; writes OUT/results.txt (one line per table, seed and detector; a rerun
# skips what is there, so a long run resumes), OUT/anomaly.md and OUT/anomaly.png. Each line has its detector's
# seconds (iwae4j: the wall time of `fit -Dscore.data`, which fits and scores in one JVM, its start included;
# scikit-learn: each detector's fit and score in one Python process) and the training rows; anomaly.md ends with the time table and iwae4j's goals (<= 5 s per seed
# under 1,000 training rows, <= 60 s above).
# usage: bench/anomaly/benchmark.sh [seeds, default "1 2 3 4 5"]
#        TABLES="glass pima" to run some tables only; OUT=DIR (default results/anomaly);
#        OURS=0 to run scikit-learn's detectors only (a later run adds iwae4j's lines);
#        FIT="-Dsigma.min=0.1 ..." to add settings to iwae4j's fit (a variant: give it its own OUT)
# Installs python3-sklearn, python3-matplotlib, r-base-core and r-cran-mlbench from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS="${1:-1 2 3 4 5}"
TABLES="${TABLES:-breast_cancer ionosphere glass pima vowel breastw housevotes letter shuttle}"
OUT="${OUT:-results/anomaly}"
source bench/tables.sh
has() { grep -q "^$1 $2 $3 " "$OUT/results.txt"; }
for t in $TABLES; do
  for s in $SEEDS; do
    ours=1; sk=1
    if [ "${OURS:-1}" = 0 ] || has "$t" "$s" iwae4j; then ours=0; fi
    if has "$t" "$s" IsolationForest; then sk=0; fi
    if [ $ours = 0 ] && [ $sk = 0 ]; then continue; fi
    D="$WORK/$t/seed$s"
    $PY bench/anomaly/benchmark.py split --table "$WORK/tables/$t.csv" --seed "$s" --out "$D"
    : > "$D/lines.txt"
    if [ $ours = 1 ]; then
      start=$(date +%s.%N)
      # fit, then score the test rows at k = 1,000 in the same process (the scores -Dexp=score writes from the model file)
      run -Dexp=fit -Ddata="$D/train.csv" -Dmodel.out="$D/model.safetensors" -Dseed="$s" ${FIT:-} \
        -Dscore.data="$D/test.csv" -Dscore.out="$D/scores.csv" -Dscore.k=1000
      fitted=$(head -n 1 "$WORK/out.txt")
      seconds=$(awk "BEGIN { printf \"%.3f\", $(date +%s.%N) - $start }")
      echo "$t seed $s: iwae4j fit and score in $seconds s; $fitted" >&2
      $PY bench/anomaly/benchmark.py ours --dir "$D" --seconds "$seconds" | sed "s/^/$t $s /" >> "$D/lines.txt"
    fi
    if [ $sk = 1 ]; then $PY bench/anomaly/benchmark.py sklearn --dir "$D" --seed "$s" | sed "s/^/$t $s /" >> "$D/lines.txt"; fi
    cat "$D/lines.txt" >> "$OUT/results.txt"   # a seed's lines all at once, so an interrupted seed is redone whole
  done
done
$PY bench/anomaly/benchmark.py table --results "$OUT/results.txt" --md "$OUT/anomaly.md" --png "$OUT/anomaly.png"
