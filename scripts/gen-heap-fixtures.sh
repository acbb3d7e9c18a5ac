#!/usr/bin/env bash
# Regenerates the real Go heap/goroutine profile fixtures of Tests/HeapProfileTests/Fixtures and the
# `go tool pprof` outputs the tests compare Sleuth's rendering against.
#
# Needs Go (golang-go; 1.19 was used). The profiles come from Fixtures/goprog (standard library
# only, runtime.MemProfileRate=1); pprof runs with TZ=UTC so the "Time:" header is reproducible.
# Usage: scripts/gen-heap-fixtures.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fx="$root/Tests/HeapProfileTests/Fixtures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=${HOME:-/tmp} GOCACHE="${GOCACHE:-$work/gocache}" GOFLAGS=-mod=mod TZ=UTC
(cd "$fx/goprog" && go build -trimpath -o "$work/goprog" .)
"$work/goprog" fixtures "$work"
cp "$work"/*.pb.gz "$work"/*.txt "$fx/"

out="$fx/pprof"
mkdir -p "$out"
rm -f "$out"/*.txt
pp() { # pp NAME ARGS... : stores `go tool pprof ARGS` as pprof/NAME.txt
  local name=$1; shift
  (cd "$fx" && go tool pprof "$@" > "$out/$name.txt" 2> /dev/null)
}
pp heap-leak-later.top                   -top heap-leak-later.pb.gz
pp heap-leak-later.top-cum               -top -cum heap-leak-later.pb.gz
pp heap-leak-later.top-lines             -top -lines heap-leak-later.pb.gz
pp heap-leak-later.top-nodecount5        -top -nodecount=5 heap-leak-later.pb.gz
pp heap-leak-later.top-inuse_objects     -top -sample_index=inuse_objects heap-leak-later.pb.gz
pp heap-leak-later.top-focus-retain      -top -focus=retain heap-leak-later.pb.gz
pp heap-leak-later.top-ignore-fixtures   -top -ignore=fixtures heap-leak-later.pb.gz
pp heap-leak-later.top-base              -top -base heap-leak-base.pb.gz heap-leak-later.pb.gz
pp heap-leak-later.top-base-alloc_space  -top -sample_index=alloc_space -base heap-leak-base.pb.gz heap-leak-later.pb.gz
pp heap-alloc-churn.top-alloc_space      -top -sample_index=alloc_space heap-alloc-churn.pb.gz
pp heap-alloc-churn.top                  -top heap-alloc-churn.pb.gz
pp heap-leak-base.traces                 -traces heap-leak-base.pb.gz
pp heap-leak-later-debug1.top            -top heap-leak-later.debug1.txt
pp heap-leak-later-debug1.top-alloc_space -top -sample_index=alloc_space heap-leak-later.debug1.txt
pp goroutine-parked.top                  -top goroutine-parked.pb.gz
pp goroutine-parked-debug1.top           -top goroutine-parked.debug1.txt
pp heap-series-5.top-base-series-1       -top -base heap-series-1.pb.gz heap-series-5.pb.gz
pp heap-leak-later.peek-retain           -peek 'main\.retain' heap-leak-later.pb.gz
pp heap-leak-later.list-retainRecord     -list 'main\.retainRecord' heap-leak-later.pb.gz
echo "fixtures written to $fx"
