#!/usr/bin/env bash
# iwae4j against Deeplearning4j 1.0.0-M2.1 (nd4j-native, OpenBLAS) on the paper's one-layer MNIST VAE, batch 20:
# the same-function check, ms per training step (alternating rounds) and L_5000 test points per second, on one and
# two threads each side. Built with the dl4j profile only (native code never enters the default build).
# usage: bench/compare-dl4j.sh [rounds, default 5] [seconds per timed chunk, default 5]
# Run it on a quiet machine: the numbers are speeds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
SECONDS_PER="${2:-5}"
mvn -q -B install -DskipTests -pl bench -am
mvn -q -B -Pdl4j install -DskipTests -pl bench/dl4j
mvn -q -B -Pdl4j dependency:build-classpath -pl bench/dl4j -DincludeScope=runtime -Dmdep.outputFile=target/dl4j-cp.txt >/dev/null
CP="bench/dl4j/target/iwae4j-bench-dl4j-0.1.0-SNAPSHOT.jar:$(cat bench/dl4j/target/dl4j-cp.txt)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs) model $(grep -m1 '^model[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 | xargs); java: $(java -version 2>&1 | head -1); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
for T in 1 2; do
  OMP_NUM_THREADS=$T java --add-modules=jdk.incubator.vector -Xmx4g -cp "$CP" iwae4j.bench.dl4j.Dl4jCompare "$T" "$SECONDS_PER" "$ROUNDS" 2>&1 \
    | grep -E "^(check|threads)"
done
