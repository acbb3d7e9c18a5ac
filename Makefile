# Sleuth: `make run` starts the REPL, `make test` runs the whole suite. Both install what they need first.
SWIFT ?= swift
BUILD_PACKAGES := libedit-dev libsqlite3-dev zlib1g-dev
# The real-world tests: a pseudo-terminal driver (setsid from util-linux), Go for real heap profiles,
# python3 for workload children, Chromium for the HTML report.
TEST_PACKAGES := util-linux golang-go python3 chromium

.PHONY: deps test-deps build run test test-asan test-tsan fuzz bench demo format clean

deps:
	@scripts/install-deps.sh $(BUILD_PACKAGES)

test-deps: deps
	@scripts/install-deps.sh $(TEST_PACKAGES)

build: deps
	$(SWIFT) build

run: build
	@./.build/debug/sleuth $(ARGS)

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The whole suite under a sanitizer, in a build directory of its own. Swift's runtime keeps some
# allocations for the life of the process (metadata caches), so LeakSanitizer is off.
test-asan: test-deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:suppressions=$(CURDIR)/scripts/asan-suppressions.txt SLEUTH_SANITIZER=address $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan

test-tsan: test-deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS=halt_on_error=1 SLEUTH_SANITIZER=thread $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan

# libFuzzer on every parser (Fuzz/Targets), FUZZ_SECONDS per target (default 60); findings in Fuzz/Findings.
fuzz: test-deps
	@scripts/fuzz.sh

# The seed story live: a leaking Go service in a memory cgroup, the go-memory-leak playbook, the OOM kill.
demo: build
	@scripts/demo.sh

bench: deps
	@for b in Benchmarks/*/run.sh; do echo "== $$b"; bash "$$b" || exit 1; done

clean:
	rm -rf .build
