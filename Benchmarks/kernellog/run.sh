#!/usr/bin/env bash
# KernelLog scanner benchmark against grep (not a timed test).
#
#   Benchmarks/kernellog/run.sh            # ~1 GiB log in a temporary directory under /tmp
#   SIZE_MIB=256 Benchmarks/kernellog/run.sh
#
# Builds a small executable (main.swift + the module's sources, `swiftc -O -wmo`), generates a kernel
# log of real OOM reports among ordinary kernel lines (generate.py), warms the page cache, then times
#   LC_ALL=C grep -c -E 'invoked oom-killer|Killed process' FILE
#   kernellog-bench FILE        (streams the file through KernelLogScanner, prints the event count)
# on the same file in the same run, and prints the throughput ratio and Sleuth's peak RSS
# (`/usr/bin/time -v`). Goals: ratio >= 0.5, peak RSS < 64 MiB. The log is deleted afterwards.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SIZE_MIB=${SIZE_MIB:-1024}
WORK=$(mktemp -d /tmp/kernellog-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "swift:   $(swiftc --version 2>&1 | head -1)"
echo "grep:    $(grep --version | head -1)"

echo "building kernellog-bench (swiftc -O -wmo)..."
swiftc -O -wmo -module-name kernellogbench $(find "$ROOT/Sources/KernelLog" -name '*.swift' | sort) \
    "$HERE/main.swift" -o "$WORK/kernellog-bench"

echo "generating ${SIZE_MIB} MiB kernel log..."
read -r BYTES LINES PER_BLOCK BLOCKS EXPECTED < <(python3 "$HERE/generate.py" "$ROOT/Tests/KernelLogTests/Fixtures" "$WORK/kern.log" "$SIZE_MIB")
echo "log:     $BYTES bytes, $LINES lines, $EXPECTED OOM kills expected"
cat "$WORK/kern.log" > /dev/null

now() { date +%s.%N; }

t0=$(now)
GREP_COUNT=$(LC_ALL=C grep -c -E 'invoked oom-killer|Killed process' "$WORK/kern.log")
t1=$(now)
/usr/bin/time -v "$WORK/kernellog-bench" "$WORK/kern.log" > "$WORK/out.txt" 2> "$WORK/time.txt"
t2=$(now)

GREP_S=$(echo "$t1 - $t0" | bc -l)
SLEUTH_S=$(echo "$t2 - $t1" | bc -l)
EVENTS=$(awk '{print $2}' "$WORK/out.txt")
RSS_KB=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$WORK/time.txt")

printf 'grep:    %6.3f s  %8.1f MB/s  (%s matching lines)\n' "$GREP_S" "$(echo "$BYTES / $GREP_S / 1000000" | bc -l)" "$GREP_COUNT"
printf 'sleuth:  %6.3f s  %8.1f MB/s  (%s events, expected %s)\n' "$SLEUTH_S" "$(echo "$BYTES / $SLEUTH_S / 1000000" | bc -l)" "$EVENTS" "$EXPECTED"
printf 'ratio:   %.2f x grep throughput (goal >= 0.5)\n' "$(echo "$GREP_S / $SLEUTH_S" | bc -l)"
printf 'peak RSS: %.1f MiB (goal < 64 MiB)\n' "$(echo "$RSS_KB / 1024" | bc -l)"
[ "$EVENTS" = "$EXPECTED" ] || { echo "error: event count differs from the generator's" >&2; exit 1; }
