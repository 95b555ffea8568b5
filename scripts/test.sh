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
