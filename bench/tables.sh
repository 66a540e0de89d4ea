# Sourced by bench/anomaly/benchmark.sh and bench/impute/benchmark.sh (from the repository's root, with OUT set):
# installs what the benchmarks need from Debian when missing (python3-sklearn, python3-matplotlib, r-base-core,
# r-cran-mlbench), exports the real tables to $WORK/tables, builds iwae4j and copies its jars to $WORK/lib (another
# build installing into ~/.m2 during a long run must not swap them), and defines run (one iwae4j command; on
# failure it shows the error and stops the benchmark). Sets PY and WORK (removed on exit).
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
mkdir -p "$WORK/lib"
cp experiments/target/iwae4j-experiments-*.jar $(tr ':' ' ' < "$WORK/cp.txt") "$WORK/lib/"
# the serial collector, as the README advises for short jobs: a small table's fit on two cores ends about a second
# sooner than under the default G1 (docs/benchmarks.md, 2026-12-07)
JAVA=(java --add-modules=jdk.incubator.vector -XX:+UseSerialGC -cp "$WORK/lib/*")
run() {
  if ! "${JAVA[@]}" "$@" iwae4j.cli.Main > "$WORK/out.txt" 2> "$WORK/err.txt"; then
    echo "failed: java $* iwae4j.cli.Main" >&2; grep -v "^WARNING" "$WORK/err.txt" | tail -5 >&2; exit 1
  fi
}
