#!/usr/bin/env bash
# Installs what the tests need, builds, runs the whole test suite and checks the lesson content.
set -eu
cd "$(dirname "$0")/.."
. scripts/setup.sh
need_swift
need_libedit
want_erlang
echo "Checking the code's format (swift format lint --strict, with .swift-format)..."
# The fixtures are left as they are: tests name their line numbers.
find Sources Tests -name '*.swift' -not -path '*/Fixtures/*' -print0 \
    | xargs -0 swift format lint --strict --parallel Package.swift
swift build --build-tests
# At most 6 tests at a time (Swift Testing starts them all at once otherwise). On a 2-core machine
# the suite takes as long either way (85-92 s, measured with widths 4, 6, 8, 12 and unbounded),
# but unbounded, a test that takes 1 s alone took 36-51 s, and once over 60 s, beside the
# rest: too close to the deadlines of the tests that wait for real Elixir nodes.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-6}"
swift test --skip-build 2>&1 | tee .build/test-output.txt
status=${PIPESTATUS[0]}
if [ "$status" != 0 ]; then exit "$status"; fi
echo "Checking the lesson content (every starter fails, every solution passes, every example runs)..."
.build/debug/elixirtour dev verify
echo "A short fuzz pass over the external term format decoder..."
FUZZ_SECONDS="${FUZZ_SECONDS:-60}" bash scripts/fuzz.sh
echo "A short fuzz pass over the distribution decoders (handshake, frames, EPMD)..."
FUZZ_SECONDS="${FUZZ_SECONDS:-30}" bash scripts/fuzz-distribution.sh
echo "All checks passed. The test run's summary:"
grep -E "Test run with [0-9]+ tests" .build/test-output.txt | tail -n 1
