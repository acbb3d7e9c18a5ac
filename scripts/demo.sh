#!/usr/bin/env bash
# The seed story, live: Examples/leaky-service leaks in a memory cgroup under load, the go-memory-leak
# playbook finds the growth and the line that holds it, the kernel OOM-kills the service, `dmesg` records
# the kill in the same notebook, and the HTML report shows it on the memory chart.
#   make demo            (or scripts/demo.sh after `swift build`)
# The notebook and the report stay in a temporary directory whose path is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SLEUTH="$ROOT/.build/debug/sleuth"
LIMIT_MIB=192       # the cgroup's limit: about 70 s of the load below
RATE=40             # requests per second; each keeps a 64 KiB payload in leak mode
PAYLOAD=65536

[ -x "$SLEUTH" ] || { echo "demo: $SLEUTH is missing; run 'swift build' (or 'make demo')" >&2; exit 1; }
command -v go >/dev/null || scripts/install-deps.sh golang-go
GO=$(command -v go)

OUT=$(mktemp -d "${TMPDIR:-/tmp}/sleuth-demo.XXXXXX")
BIN="$OUT/bin"
NOTEBOOK="$OUT/seed.sleuth"
REPORT="$OUT/report.html"
CGROUP=""
SERVICE_PID=""
LOAD_PID=""

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [ -n "$LOAD_PID" ]; then kill "$LOAD_PID" 2>/dev/null; { wait "$LOAD_PID"; } 2>/dev/null; fi
  if [ -n "$SERVICE_PID" ]; then kill -9 "$SERVICE_PID" 2>/dev/null; { wait "$SERVICE_PID"; } 2>/dev/null; fi
  if [ -n "$CGROUP" ]; then
    for _ in $(seq 50); do rmdir "$CGROUP" 2>/dev/null && break; [ -d "$CGROUP" ] || break; sleep 0.1; done
  fi
  rm -rf "$BIN"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n== %s\n' "$*"; }
START=$(date +%s)

step "building Examples/leaky-service with $("$GO" version | cut -d' ' -f3)"
(cd Examples/leaky-service && "$GO" build -o "$BIN/leaky-service" . && "$GO" build -o "$BIN/load" ./load)

if [ "$(id -u)" -eq 0 ] && [ -w /sys/fs/cgroup/memory ] && [ -e /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
  CGROUP=/sys/fs/cgroup/memory/sleuth-demo-$$
  mkdir "$CGROUP"
  echo $((LIMIT_MIB << 20)) > "$CGROUP/memory.limit_in_bytes"
  step "memory cgroup ${CGROUP#/sys/fs/cgroup/memory} with a limit of $LIMIT_MIB MiB"
else
  step "no writable cgroup v1 memory hierarchy (needs root): running WITHOUT a memory limit, so there will be no OOM kill"
fi

(
  [ -n "$CGROUP" ] && echo "$BASHPID" > "$CGROUP/cgroup.procs"
  exec "$BIN/leaky-service" -addr 127.0.0.1:0 -mode leak -payload "$PAYLOAD"
) 2> "$OUT/service.log" &
SERVICE_PID=$!
ADDR=""
for _ in $(seq 100); do
  ADDR=$(sed -n 's/.*listening on http:\/\///p' "$OUT/service.log" | head -n1)
  [ -n "$ADDR" ] && break
  sleep 0.1
done
[ -n "$ADDR" ] || { echo "demo: the service did not start:" >&2; cat "$OUT/service.log" >&2; exit 1; }
echo "leaky-service pid $SERVICE_PID on http://$ADDR (leak mode, $PAYLOAD bytes kept per request)"

step "load: $RATE requests/s to http://$ADDR/work (stops after 150 s, or when the service stops answering)"
"$BIN/load" -url "http://$ADDR/work" -rate "$RATE" -for 150s -give-up 3s 2> "$OUT/load.log" &
LOAD_PID=$!
sleep 1

step "sleuth run Playbooks/go-memory-leak.yaml (unattended)"
rc=0
"$SLEUTH" run Playbooks/go-memory-leak.yaml --notebook "$NOTEBOOK" \
  --var target="$SERVICE_PID" --var metrics="$ADDR" --var pprof="http://$ADDR" \
  --var every=500ms --var duration=30s --var profile_every=5s || rc=$?
[ "$rc" -eq 0 ] || echo "demo: the playbook ended with exit $rc (3: an expectation did not hold)"

if [ -n "$CGROUP" ]; then
  step "keeping the load on until the kernel OOM-kills pid $SERVICE_PID"
  # (bash's "Killed" job notice goes to /dev/null: the wait status below says it)
  { for _ in $(seq 900); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.1; done; } 2>/dev/null
  if kill -0 "$SERVICE_PID" 2>/dev/null; then
    echo "demo: the service is still alive after 90 s; stopping it" >&2
  else
    status=0; { wait "$SERVICE_PID"; } 2>/dev/null || status=$?
    echo "pid $SERVICE_PID ended after $(( $(date +%s) - START )) s (wait status $status: $([ "$status" -eq 137 ] && echo SIGKILL || echo "not SIGKILL"))"
    SERVICE_PID=""
    sleep 1   # let the kernel finish writing its report
    step "sleuth -c 'dmesg --since 5m' --notebook $NOTEBOOK"
    "$SLEUTH" -c 'dmesg --since 5m' --notebook "$NOTEBOOK" || echo "demo: dmesg failed (needs /dev/kmsg)"
  fi
else
  step "no memory limit: stopping the service instead of waiting for an OOM kill"
fi

step "sleuth export $NOTEBOOK --format html -o $REPORT"
"$SLEUTH" export "$NOTEBOOK" --format html -o "$REPORT"

step "done in $(( $(date +%s) - START )) s"
echo "notebook: $NOTEBOOK   (resume it: $SLEUTH --notebook $NOTEBOOK)"
echo "report:   $REPORT"
