#!/usr/bin/env bash
# Fuzzes the external term format decoder with libFuzzer for a while (60 s by default) and fails
# when it finds an input that traps or crashes. The corpus lives in Tests/Fuzz/Corpus/etf.
#
#   bash scripts/fuzz.sh            # 60-second pass
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
scratch="${FUZZ_SCRATCH:-.build-fuzz}"
out="$scratch/etf-fuzz"
mkdir -p "$out/findings"

# SwiftPM builds OTPTerms and what it depends on with the fuzzer's coverage instrumentation;
# the entry point is then linked against those objects with libFuzzer's main.
echo "Building the decoder fuzzer (release, instrumented)..."
swift build --scratch-path "$scratch" -c release --target OTPTerms -Xswiftc -sanitize=fuzzer >"$out/build.log" 2>&1 || {
    tail -n 30 "$out/build.log" >&2
    echo "fuzz.sh: the instrumented build failed" >&2
    exit 2
}
release="$scratch/release"
objects=()
for module in "$release"/Modules/*.swiftmodule; do
    name="$(basename "$module" .swiftmodule)"
    while IFS= read -r -d '' object; do objects+=("$object"); done < <(find "$release/$name.build" -name '*.o' -print0)
done
swiftc -O -parse-as-library -sanitize=fuzzer -I "$release/Modules" Tests/Fuzz/ETFDecoderFuzz.swift "${objects[@]}" \
    -o "$out/etf-fuzz"

# New inputs the fuzzer finds go to a scratch corpus; the committed corpus is only read.
mkdir -p "$out/corpus"
echo "Fuzzing for ${seconds}s..."
set +e
# Swift's own crash backtracer would take the signal before libFuzzer saves the input.
SWIFT_BACKTRACE=enable=no "$out/etf-fuzz" "$out/corpus" Tests/Fuzz/Corpus/etf -max_total_time="$seconds" -max_len=4096 \
    -artifact_prefix="$out/findings/" -print_final_stats=1 >"$out/fuzz.log" 2>&1
status=$?
set -e
grep -E '^(stat::|Done|INFO: seed corpus)' "$out/fuzz.log" || true
if [ "$status" != 0 ]; then
    grep -E 'Fatal error|ERROR: libFuzzer|SUMMARY|Test unit written|Base64' "$out/fuzz.log" >&2 || true
    echo "fuzz.sh: the fuzzer found a crash (exit $status); the log is $out/fuzz.log, the input in $out/findings/" >&2
    exit 1
fi
echo "fuzz.sh: no crash in ${seconds}s."
