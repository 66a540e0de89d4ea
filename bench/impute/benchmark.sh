#!/usr/bin/env bash
# The imputation benchmark (bench/impute/benchmark.py has the protocol): from breast_cancer, glass, ionosphere, vowel
# and letter, 20 % and 50 % of the cells removed completely at random (5 seeds); iwae4j's `fit` on the holed table at
# its defaults, then `impute` (conditional means, k = 1000), beside the column mean, KNNImputer and IterativeImputer;
# writes OUT/results.txt (one line per table, rate, seed and method; a rerun skips what is there, so a long run
# resumes), OUT/impute.md and OUT/impute.png.
# usage: bench/impute/benchmark.sh [seeds, default "1 2 3 4 5"]
#        TABLES="glass vowel" and RATES="0.2" to run some only; OUT=DIR (default results/impute)
# Installs python3-sklearn, python3-matplotlib, r-base-core and r-cran-mlbench from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS="${1:-1 2 3 4 5}"
TABLES="${TABLES:-breast_cancer glass ionosphere vowel letter}"
RATES="${RATES:-0.2 0.5}"
OUT="${OUT:-results/impute}"
source bench/tables.sh
has() { grep -q "^$1 $2 $3 $4 " "$OUT/results.txt"; }
for t in $TABLES; do
  for r in $RATES; do
    for s in $SEEDS; do
      ours=1; sk=1
      if has "$t" "$r" "$s" iwae4j; then ours=0; fi
      if has "$t" "$r" "$s" mean; then sk=0; fi
      if [ $ours = 0 ] && [ $sk = 0 ]; then continue; fi
      D="$WORK/$t/rate$r/seed$s"
      $PY bench/impute/benchmark.py holes --table "$WORK/tables/$t.csv" --rate "$r" --seed "$s" --out "$D"
      : > "$D/lines.txt"
      if [ $ours = 1 ]; then
        start=$(date +%s)
        run -Dexp=fit -Ddata="$D/holed.csv" -Dmodel.out="$D/model.safetensors" -Dseed="$s"
        fitted=$(cat "$WORK/out.txt")
        run -Dexp=impute -Dmodel="$D/model.safetensors" -Ddata="$D/holed.csv" -Dout="$D/imputed.csv" -Dk=1000
        echo "$t rate $r seed $s: iwae4j fit and impute in $(( $(date +%s) - start )) s; $fitted" >&2
        $PY bench/impute/benchmark.py ours --dir "$D" | sed "s/^/$t $r $s /" >> "$D/lines.txt"
      fi
      if [ $sk = 1 ]; then $PY bench/impute/benchmark.py sklearn --dir "$D" --seed "$s" | sed "s/^/$t $r $s /" >> "$D/lines.txt"; fi
      cat "$D/lines.txt" >> "$OUT/results.txt"   # a seed's lines all at once, so an interrupted seed is redone whole
    done
  done
done
$PY bench/impute/benchmark.py table --results "$OUT/results.txt" --md "$OUT/impute.md" --png "$OUT/impute.png"
