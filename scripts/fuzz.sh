#!/usr/bin/env bash
# make fuzz: builds the libFuzzer harness (Fuzz/Harness) with the fuzzer and address sanitizers, then runs
# every target of Fuzz/Targets for FUZZ_SECONDS each (default 60), FUZZ_JOBS at a time (default 2), seeded
# from the test fixtures named in Fuzz/seeds.txt. Corpora grow in .build-fuzz/corpus/TARGET; a crash, hang
# or out-of-memory input lands in Fuzz/Findings/TARGET/: turn each into a regression by fixing the bug and
# moving the file to Fuzz/Regressions/TARGET/ (FuzzRegressionTests replays it in `make test`).
#   FUZZ_TARGETS="kernel-log playbook" FUZZ_SECONDS=600 make fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
work=$root/.build-fuzz

echo "building the fuzz harness (release, -sanitize=fuzzer,address)…"
(cd Fuzz/Harness && swift build -c release --sanitize=fuzzer --sanitize=address --scratch-path "$work/build" 2>&1 \
    | grep -E "error:|Compiling|Build complete" | grep -v "^\[" || true)
bin=$work/build/release/sleuth-fuzz
[[ -x $bin ]] || { echo "fuzz: the harness did not build" >&2; exit 1; }

targets=${FUZZ_TARGETS:-$(grep -vE '^(#|$)' Fuzz/seeds.txt | awk '{print $1}' | xargs)}

seed() {  # seed TARGET: fill the corpus directory from seeds.txt, Fuzz/Seeds and Fuzz/Regressions
    local t=$1 corpus=$work/corpus/$1 glob f
    mkdir -p "$corpus"
    for glob in $(awk -v t="$t" '$1 == t { $1 = ""; print }' Fuzz/seeds.txt) "Fuzz/Seeds/$t/*" "Fuzz/Regressions/$t/*"; do
        if [[ $glob == gunzip:* ]]; then
            for f in ${glob#gunzip:}; do [[ -f $f ]] && gzip -dc "$f" > "$corpus/seed-$(basename "$f" .gz)"; done
        else
            for f in $glob; do [[ -f $f ]] && cp "$f" "$corpus/seed-$(basename "$f")"; done
        fi
    done
    return 0
}

run() {  # run TARGET: fuzz it, then print one line of figures
    local t=$1 log=$work/logs/$1.log findings=$root/Fuzz/Findings/$1
    mkdir -p "$work/logs" "$findings"
    local before; before=$(find "$findings" -type f | wc -l)
    SLEUTH_FUZZ_TARGET=$t SWIFT_BACKTRACE=enable=no "$bin" "$work/corpus/$t" \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/" >"$log" 2>&1 || true
    local execs cov corpus after
    execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
    corpus=$(find "$work/corpus/$t" -type f | wc -l)
    after=$(find "$findings" -type f | wc -l)
    printf '%-16s %12s execs %8s edges %6s corpus %3s findings\n' "$t" "${execs:-?}" "${cov:-?}" "$corpus" "$((after - before))"
}

for t in $targets; do seed "$t"; done
export -f run
export bin work root seconds
echo "fuzzing ${seconds}s per target, $jobs at a time: $targets"
printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run {}' | tee "$work/summary.txt"

open=$(find Fuzz/Findings -type f 2>/dev/null | wc -l)
if (( open > 0 )); then
    echo "fuzz: $open open finding(s) in Fuzz/Findings (reproduce: SLEUTH_FUZZ_TARGET=T $bin FILE)" >&2
    exit 1
fi
echo "fuzz: no open finding"
