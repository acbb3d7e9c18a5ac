#!/usr/bin/env bash
# Sleuth's sampler CPU per sample at 100 Hz against psrecord sampling the same process at the same
# rate in the same run; prints the ratio (goal ≤ 0.1) and Sleuth's achieved jitter.
# Run by hand, not a test:  Benchmarks/sampling/run.sh   (DURATION=20 for a shorter run)
# Needs: swiftc, python3, psrecord (pip install psrecord), /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-60}
INTERVAL=${INTERVAL:-0.01}
WORK=$(mktemp -d /tmp/sleuth-sampling-bench.XXXXXX)
trap 'kill -9 ${TARGET:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

command -v psrecord >/dev/null || { echo "psrecord is missing: pip install psrecord" >&2; exit 2; }
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

echo "building the bench (swiftc -O) …" >&2
swiftc -O -module-name SamplingBench -o "$WORK/sampling-bench" \
    Benchmarks/sampling/main.swift $(find Sources/ProcessSampling -name '*.swift' | sort)

# The target: a python process holding 64 MiB and sleeping (exec: $! is python itself).
"$PYTHON" -c 'import time; b = bytearray(64 << 20); time.sleep(10**6)' &
TARGET=$!
sleep 1

echo "sampling pid $TARGET every ${INTERVAL}s for ${DURATION}s with both tools at once …" >&2
/usr/bin/time -f "%U %S" -o "$WORK/psrecord.time" \
    psrecord "$TARGET" --interval "$INTERVAL" --duration "$DURATION" --log "$WORK/psrecord.log" >/dev/null 2>&1 &
PSRECORD=$!
"$WORK/sampling-bench" "$TARGET" "$INTERVAL" "$DURATION" > "$WORK/sleuth.out"
wait $PSRECORD

read -r PU PS < "$WORK/psrecord.time"
P_SAMPLES=$(grep -vc '^#' "$WORK/psrecord.log")
get() { awk -v k="$1" '$1 == k { print $2 }' "$WORK/sleuth.out"; }

echo "machine: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "swift: $(swiftc --version 2>&1 | head -1)"
echo "psrecord: $(pip show psrecord 2>/dev/null | awk '/^Version/ {print $2}'), python $("$PYTHON" -V 2>&1 | cut -d' ' -f2)"
awk -v n="$(get sleuth_samples)" -v c="$(get sleuth_cpu_seconds)" -v cs="$(get sleuth_cpu_seconds_proc_stat)" \
    -v pn="$P_SAMPLES" -v pu="$PU" -v ps="$PS" -v d="$DURATION" \
    -v ai="$(get sleuth_achieved_interval_ms)" -v j50="$(get sleuth_jitter_p50_ms)" -v j99="$(get sleuth_jitter_p99_ms)" \
    -v miss="$(get sleuth_missed_deadlines)" 'BEGIN {
    pc = pu + ps
    printf "sleuth:   %6d samples in %ss, CPU %.3f s (/proc/self/stat: %.2f s), %.1f µs/sample\n", n, d, c, cs, c / n * 1e6
    printf "psrecord: %6d samples in %ss, CPU %.3f s (user %.2f + sys %.2f, incl. start-up), %.1f µs/sample\n", pn, d, pc, pu, ps, pc / pn * 1e6
    printf "ratio (sleuth / psrecord CPU per sample): %.4f   (goal ≤ 0.1)\n", (c / n) / (pc / pn)
    printf "ratio (total CPU over the run):           %.4f\n", c / pc
    printf "sleuth at 100 Hz: achieved interval %.3f ms, jitter p50 %.3f ms, p99 %.3f ms, missed deadlines %d\n", ai, j50, j99, miss
  }'
