#!/usr/bin/env bash
# Counts the slow JIT state: runs StepTimer (the batch-20 training step) in RUNS fresh JVMs and reports how many
# settled into the state where the step runs >= 2x slower than the median run or allocates > 64 KB per step
# (a healthy step allocates under 1 KB). With --jmh, the same count over RUNS JMH forks of TrainStepBench.step
# (3 x 2 s warm-up, 3 x 1 s measured, GC profiler), the setting where the state was first seen.
# Uses $JAVA_HOME's java when set. Extra JVM options go in $JVM_OPTS.
# usage: bench/slow-state.sh [--jmh] [runs=30] [layers=1] [k=50] [threads=2] [seconds=4]
set -euo pipefail
cd "$(dirname "$0")/.."
jmh=false
if [ "${1:-}" = "--jmh" ]; then jmh=true; shift; fi
runs=${1:-30}; layers=${2:-1}; k=${3:-50}; threads=${4:-2}; secs=${5:-4}
if [ ! -f bench/target/benchmarks.jar ]; then
  mvn -q -B -ntp package -DskipTests -pl bench -am
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=$(mktemp)
if $jmh; then
  echo "$("$JAVA" -version 2>&1 | head -1); $runs JMH forks of TrainStepBench.step layers=$layers k=$k threads=$threads; JVM_OPTS=${JVM_OPTS:-}" >&2
  # shellcheck disable=SC2086
  "$JAVA" -jar bench/target/benchmarks.jar 'TrainStepBench.step$' -p layers="$layers" -p k="$k" -p threads="$threads" \
    -f "$runs" -wi 3 -w 2s -i 3 -r 1s -prof gc ${JVM_OPTS:+-jvmArgsAppend "$JVM_OPTS"} -rf json -rff "$out.json" > "$out.log" 2>&1
  python3 - "$out.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))[0]
ms = [statistics.mean(f) for f in r["primaryMetric"]["rawData"]]
alloc = [statistics.mean(f) for f in r["secondaryMetrics"]["gc.alloc.rate.norm"]["rawData"]]
med = statistics.median(ms)
for i, (m, a) in enumerate(zip(ms, alloc)):
    print(f"fork {i + 1} ms_per_step={m:.3f} bytes_per_step={a:.0f}", file=sys.stderr)
slow = [(m, a) for m, a in zip(ms, alloc) if m >= 2 * med or a > 64 * 1024]
print(f"forks {len(ms)}  median {med:.3f} ms/step  slow {len(slow)} of {len(ms)}"
      + (f"  (slow forks: {', '.join(f'{m:.1f} ms {a / 1024:.0f} KB' for m, a in slow)})" if slow else "")
      + f"  bytes/step max among the rest {max((a for m, a in zip(ms, alloc) if (m, a) not in slow), default=0):.0f}")
PY
  exit 0
fi
echo "$("$JAVA" -version 2>&1 | head -1); $runs fresh JVMs of StepTimer $layers $k $threads $secs; JVM_OPTS=${JVM_OPTS:-}" >&2
for r in $(seq 1 "$runs"); do
  # shellcheck disable=SC2086
  "$JAVA" --add-modules=jdk.incubator.vector ${JVM_OPTS:-} -cp bench/target/benchmarks.jar iwae4j.bench.StepTimer \
    "$layers" "$k" "$threads" "$secs" 2>/dev/null | sed "s/^/run $r /" | tee -a "$out" >&2
done
python3 - "$out" <<'PY'
import re, statistics, sys
rows = [(float(re.search(r"ms_per_step=([\d.]+)", l).group(1)), int(re.search(r"bytes_per_step=(\d+)", l).group(1)))
        for l in open(sys.argv[1]) if "ms_per_step" in l]
med = statistics.median(ms for ms, _ in rows)
slow = [(ms, b) for ms, b in rows if ms >= 2 * med or b > 64 * 1024]
print(f"runs {len(rows)}  median {med:.3f} ms/step  slow {len(slow)} of {len(rows)}"
      + (f"  (slow runs: {', '.join(f'{ms:.1f} ms {b // 1024} KB' for ms, b in slow)})" if slow else "")
      + f"  bytes/step max among the rest {max((b for ms, b in rows if (ms, b) not in slow), default=0)}")
PY
