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
PY=/usr/bin/python3
need=()
$PY -c "import sklearn" 2>/dev/null || need+=(python3-sklearn)
$PY -c "import matplotlib" 2>/dev/null || need+=(python3-matplotlib)
command -v Rscript >/dev/null || need+=(r-base-core)
Rscript -e 'library(mlbench)' >/dev/null 2>&1 || need+=(r-cran-mlbench)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "installing ${need[*]} from Debian ..." >&2
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/tables"
touch "$OUT/results.txt"
Rscript bench/anomaly/export_tables.R "$WORK/tables" >&2
$PY bench/anomaly/benchmark.py convert --sklearn-breast-cancer /usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv \
  --out "$WORK/tables/breast_cancer.csv"
mvn -q -B -pl experiments -am install -DskipTests
mvn -q -B -pl experiments dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
# a private copy of every jar: another build installing into ~/.m2 during a long run must not swap them
mkdir -p "$WORK/lib"
cp experiments/target/iwae4j-experiments-*.jar $(tr ':' ' ' < "$WORK/cp.txt") "$WORK/lib/"
JAVA=(java --add-modules=jdk.incubator.vector -cp "$WORK/lib/*")
run() {
  if ! "${JAVA[@]}" "$@" iwae4j.cli.Main > "$WORK/out.txt" 2> "$WORK/err.txt"; then
    echo "failed: java $* iwae4j.cli.Main" >&2; grep -v "^WARNING" "$WORK/err.txt" | tail -5 >&2; exit 1
  fi
}
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
