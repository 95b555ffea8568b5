#!/usr/bin/env bash
# Fuzzes the distribution decoders (handshake, frames, EPMD) with libFuzzer for a while (60 s by
# default) and fails when an input traps or crashes. The corpus lives in
# Tests/Fuzz/Corpus/distribution; the entry point is Tests/Fuzz/DistributionFuzz.swift.
#
#   bash scripts/fuzz-distribution.sh            # 60-second pass
#   FUZZ_SECONDS=600 bash scripts/fuzz-distribution.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
scratch="${FUZZ_SCRATCH:-.build-fuzz-dist}"
out="$scratch/distribution-fuzz"
mkdir -p "$out/findings" "$out/corpus"

echo "Building the distribution fuzzer (release, instrumented)..."
swift build --scratch-path "$scratch" -c release --target OTPDistribution -Xswiftc -sanitize=fuzzer >"$out/build.log" 2>&1 || {
    tail -n 30 "$out/build.log" >&2
    echo "fuzz-distribution.sh: the instrumented build failed" >&2
    exit 2
}
release="$scratch/release"
objects=()
for build in "$release"/*.build; do
    case "$build" in *-tool.build|*Tests.build|*TestUtils.build|*elixirtour.build) continue;; esac
    while IFS= read -r -d '' object; do objects+=("$object"); done < <(find "$build" -name '*.o' -print0)
done
# The C modules the Swift modules import (NIO's shims, BoringSSL, atomics) need their module maps.
maps=()
while IFS= read -r -d '' map; do maps+=(-Xcc "-fmodule-map-file=$map"); done < <(
    find "$release/" -maxdepth 2 -name module.modulemap -print0
    find "$scratch/checkouts" -path '*/include/module.modulemap' -print0)
# The decoders are `package` API: the fuzzer joins the package under the name SwiftPM gave it
# (derived from the checkout's folder name), read from the build's own command for the target.
package_name=$( { grep -h '"-module-name","OTPDistribution"' "$scratch/release.yaml" 2>/dev/null || true; } \
    | grep -o '"-package-name","[^"]*"' | head -n 1 | cut -d'"' -f4 || true)
if [ -z "$package_name" ]; then
    echo "fuzz-distribution.sh: could not find the package name SwiftPM used (in $scratch/release.yaml)" >&2
    exit 2
fi
swiftc -O -parse-as-library -sanitize=fuzzer -package-name "$package_name" -I "$release/Modules" "${maps[@]}" \
    Tests/Fuzz/DistributionFuzz.swift "${objects[@]}" -lstdc++ -o "$out/distribution-fuzz"

echo "Fuzzing for ${seconds}s..."
set +e
"$out/distribution-fuzz" "$out/corpus" Tests/Fuzz/Corpus/distribution -max_total_time="$seconds" -max_len=4096 \
    -artifact_prefix="$out/findings/" -print_final_stats=1 >"$out/fuzz.log" 2>&1
status=$?
set -e
grep -E '^(stat::|Done|INFO: seed corpus)' "$out/fuzz.log" || true
if [ "$status" != 0 ]; then
    grep -E 'Fatal error|ERROR: libFuzzer|SUMMARY|Test unit written|Base64' "$out/fuzz.log" >&2 || true
    echo "fuzz-distribution.sh: the fuzzer found a crash (exit $status); the log is $out/fuzz.log, the input in $out/findings/" >&2
    exit 1
fi
echo "fuzz-distribution.sh: no crash in ${seconds}s."
