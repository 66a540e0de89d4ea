#!/usr/bin/env bash
# Side-by-side: iwae4j's batch-20 training step against an idiomatic PyTorch step (bench/pytorch/iwae_step.py),
# run alternately (A B A B ...) in one run, PyTorch at its best thread setting, and prints the per-cell ratio;
# then the same for the L_5000 evaluation (test points per second, 10 points x 5000 samples per call).
# Installs Debian's python3-torch and libopenblas0-pthread when missing (needs root or sudo).
# PyTorch's best setting: every pair of torch threads {1, 2} x OpenBLAS threads {1, 2} (OpenBLAS keeps its own
# pool, which torch.set_num_threads does not size; two pools of two threads oversubscribe two cores), and glibc
# malloc told to keep freed memory (GLIBC_TUNABLES below, unless you set your own): with glibc's defaults the
# memory of large tensors goes back to the kernel when freed and faults in again each step, which made PyTorch
# 3-4x slower on a microVM with page-table isolation (README, "Side by side with PyTorch").
# usage: bench/compare-pytorch.sh [rounds=2] [seconds-per-measurement=4]
# CELLS="1:1 2:50" (layers:k) and EVAL_LAYERS="1" (or "" for none) pick what runs; by default every cell and both
# evaluations. The table lists only what ran.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
secs=${2:-4}
esecs=$(( secs < 3 ? 6 : 2 * secs ))   # an evaluation call of 10 points takes up to ~1 s: longer chunks
cells=${CELLS-1:1 1:5 1:50 2:1 2:5 2:50}
eval_layers=${EVAL_LAYERS-1 2}
for c in $cells; do
  case "$c" in 1:1|1:5|1:50|2:1|2:5|2:50) ;; *) echo "error: CELLS holds '$c'; cells are 1:1 1:5 1:50 2:1 2:5 2:50 (layers:k)" >&2; exit 2;; esac
done
for L in $eval_layers; do
  case "$L" in 1|2) ;; *) echo "error: EVAL_LAYERS holds '$L'; it takes 1 and 2" >&2; exit 2;; esac
done
PY=/usr/bin/python3
if ! "$PY" -c 'import torch' 2>/dev/null || ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  echo "installing python3-torch and libopenblas0-pthread from Debian ..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-torch libopenblas0-pthread >/dev/null
fi
if [ ! -f bench/target/benchmarks.jar ]; then
  mvn -q -B -ntp package -DskipTests -pl bench -am
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PY_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=268435456}
# pytorch ARGS...: one measurement per OpenBLAS thread count, each line tagged "openblas=N"
pytorch() {
  for ob in 1 2; do
    GLIBC_TUNABLES=$PY_TUNABLES OPENBLAS_NUM_THREADS=$ob "$PY" bench/pytorch/iwae_step.py "$@" | sed "s/^/pytorch /; s/\$/ openblas=$ob/" | tee -a "$out" >&2
  done
}
out=$(mktemp)
# how far apart the two vCPUs are (a VM's host moves them; two-thread steps move with it): at the start and the end
distance() { "$JAVA" -cp bench/target/benchmarks.jar iwae4j.bench.CoreDistance 2>/dev/null | sed 's/core_round_trip_ns=//'; }
d_start=$(distance)
for r in $(seq 1 "$rounds"); do
  for c in $cells; do
    L=${c%%:*}; K=${c##*:}
    for t in 1 2; do
      "$JAVA" --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar iwae4j.bench.StepTimer "$L" "$K" "$t" "$secs" 2>/dev/null \
        | sed 's/^/iwae4j /' | tee -a "$out" >&2
      pytorch --layers "$L" --k "$K" --threads "$t" --seconds "$secs"
    done
  done
  for L in $eval_layers; do
    for t in 1 2; do
      "$JAVA" --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar iwae4j.bench.EvalTimer "$L" "$t" "$esecs" 2>/dev/null \
        | sed 's/^/iwae4j /' | tee -a "$out" >&2
      pytorch --eval --layers "$L" --threads "$t" --seconds "$esecs"
    done
  done
done
d_end=$(distance)
echo
echo "Training step, batch 20, IWAE objective; $(date -u +%Y-%m-%d), $("$JAVA" -version 2>&1 | head -1), PyTorch $("$PY" -c 'import torch; print(torch.__version__)'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs) model $(grep -m1 '^model[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 | xargs))"
echo "Each side: best over thread settings and over $rounds alternating rounds of the median of five timed chunks;"
echo "iwae4j threads {1, 2}; PyTorch torch threads {1, 2} x OpenBLAS threads {1, 2} (shown torch/OpenBLAS), GLIBC_TUNABLES=$PY_TUNABLES."
echo "Two threads' round trip between the cores (bench CoreDistance): ${d_start} ns at the start, ${d_end} ns at the end."
echo
"$PY" - "$out" <<'PY'
import re, sys

def setting(threads, openblas):
    """How a thread setting is shown: iwae4j's thread count, or PyTorch's torch/OpenBLAS threads."""
    return threads + ("/" + openblas if openblas else "")

best = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+) cell layers=(\d+) k=(\d+) threads=(\d+) ms_per_step=([\d.]+)(?: openblas=(\d+))?", line)
    if not m: continue
    who, L, K, ms = m.group(1), int(m.group(2)), int(m.group(3)), float(m.group(5))
    T = setting(m.group(4), m.group(6))
    key = (L, K, who)
    if key not in best or ms < best[key][0]:
        best[key] = (ms, T)
print("| cell | iwae4j ms/step (threads) | PyTorch ms/step (threads) | PyTorch / iwae4j |")
print("|---|---|---|---|")
for L in (1, 2):
    for K in (1, 5, 50):
        a, b = best.get((L, K, "iwae4j")), best.get((L, K, "pytorch"))
        if a and b:
            print(f"| {L} layer{'s' if L > 1 else ''}, k = {K} | {a[0]:.3f} ({a[1]}) | {b[0]:.3f} ({b[1]}) | {b[0] / a[0]:.2f}× |")
ev = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+) eval layers=(\d+) threads=(\d+) points_per_s=([\d.]+)(?: openblas=(\d+))?", line)
    if not m: continue
    who, L, pts = m.group(1), int(m.group(2)), float(m.group(4))
    T = setting(m.group(3), m.group(5))
    if (L, who) not in ev or pts > ev[(L, who)][0]:
        ev[(L, who)] = (pts, T)
if ev:
    print()
    print("| L_5000 evaluation | iwae4j test points/s (threads) | PyTorch test points/s (threads) | iwae4j / PyTorch |")
    print("|---|---|---|---|")
    for L in (1, 2):
        a, b = ev.get((L, "iwae4j")), ev.get((L, "pytorch"))
        if a and b:
            print(f"| {L} layer{'s' if L > 1 else ''} | {a[0]:.2f} ({a[1]}) | {b[0]:.2f} ({b[1]}) | {a[0] / b[0]:.2f}× |")
PY
rm -f "$out"
