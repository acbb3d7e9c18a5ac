#!/usr/bin/env bash
# Benchmarks Sleuth's HeapProfile (`top`, `diff`) against `go tool pprof -top` / `-top -base` on
# generated Go-shaped heap profiles of ~1, ~10 and ~50 MB (gzipped), from a cold process start,
# in the same run on the same files. Prints wall time and peak RSS of both, their ratios
# (goal on the 50 MB profile: ≤ 0.1× pprof's wall time and peak RSS), and whether the reports are
# identical. By hand, not a test: it needs Go (golang-go) and takes a few minutes.
#
# Usage: Benchmarks/heap/run.sh [WORKDIR]   (default /tmp/sleuth-heapbench)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/sleuth-heapbench}
mkdir -p "$work"
export HOME=${HOME:-/tmp} GOFLAGS=-mod=mod

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "tools:   $(swift --version 2>&1 | head -1 | sed 's/ (.*//'), $(go version | cut -d' ' -f3)"

# The generator (standard library Go).
(cd "$root/Benchmarks/heap/gen" && go build -o "$work/heapgen" .)

# The bench executable, release mode, in a scratch package pointing at the real sources.
pkg="$work/pkg"
mkdir -p "$pkg/Sources"
for t in CZlib HTTPFetch HeapProfile; do ln -sfn "$root/Sources/$t" "$pkg/Sources/$t"; done
ln -sfn "$root/Benchmarks/heap/bench" "$pkg/Sources/heapbench"
cat > "$pkg/Package.swift" <<'SWIFT'
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "HeapBench",
    dependencies: [.package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0")],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "HTTPFetch"),
        .target(name: "HeapProfile", dependencies: ["CZlib", "HTTPFetch", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
                exclude: ["Proto/profile.proto"]),
        .executableTarget(name: "heapbench", dependencies: ["HeapProfile"]),
    ]
)
SWIFT
(cd "$pkg" && swift build -c release --product heapbench 2>&1 | tail -1)
bench="$pkg/.build/release/heapbench"

# name samples
sizes=("1MB 16000" "10MB 160000" "50MB 800000")
for s in "${sizes[@]}"; do
  set -- $s
  [ -f "$work/$1-base.pb.gz" ] || "$work/heapgen" -samples "$2" -seed 7 -scale 1 -o "$work/$1-base.pb.gz"
  [ -f "$work/$1-new.pb.gz" ] || "$work/heapgen" -samples "$2" -seed 7 -scale 1.5 -o "$work/$1-new.pb.gz"
done

measure() { # measure OUT CMD... → prints "wall_seconds peak_kb"
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$out" 2> /dev/null
  cat "$work/time"
}

printf "\n%-6s %-5s %10s %10s %10s %10s %8s %8s  %s\n" size op "sleuth s" "pprof s" "sleuth MB" "pprof MB" "time ×" "rss ×" "same report"
for s in "${sizes[@]}"; do
  set -- $s
  name=$1
  gz=$(du -m "$work/$name-new.pb.gz" | cut -f1)
  for op in top diff; do
    if [ $op = top ]; then
      ours=$(measure "$work/ours.txt" "$bench" top "$work/$name-new.pb.gz")
      theirs=$(measure "$work/theirs.txt" go tool pprof -top "$work/$name-new.pb.gz")
    else
      ours=$(measure "$work/ours.txt" "$bench" diff "$work/$name-base.pb.gz" "$work/$name-new.pb.gz")
      theirs=$(measure "$work/theirs.txt" go tool pprof -top -base "$work/$name-base.pb.gz" "$work/$name-new.pb.gz")
    fi
    same=$(cmp -s "$work/ours.txt" "$work/theirs.txt" && echo yes || echo "NO ($(diff "$work/ours.txt" "$work/theirs.txt" | grep -c '^[<>]') lines differ)")
    read -r ow om <<< "$ours"
    read -r tw tm <<< "$theirs"
    awk -v n="$name(${gz}MB)" -v op=$op -v ow="$ow" -v tw="$tw" -v om="$om" -v tm="$tm" -v same="$same" 'BEGIN {
      printf "%-6s %-5s %10.2f %10.2f %10.1f %10.1f %8.3f %8.3f  %s\n", n, op, ow, tw, om/1024, tm/1024, ow/tw, om/tm, same }'
  done
done
