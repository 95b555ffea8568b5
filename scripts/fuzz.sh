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
mkdir -p "$out/modules" "$out/findings"

# BigInt comes from the package's own dependency checkout.
swift package --scratch-path "$scratch" resolve >/dev/null
bigint="$scratch/checkouts/BigInt/Sources"
if [ ! -d "$bigint" ]; then echo "fuzz.sh: could not find the BigInt checkout in $scratch" >&2; exit 2; fi

flags=(-O -parse-as-library -sanitize=fuzzer -package-name elixirtour -I "$out/modules")
module() { # name, object, sources...
    local name="$1" object="$2"; shift 2
    swiftc "${flags[@]}" -wmo -module-name "$name" -emit-module -emit-module-path "$out/modules/$name.swiftmodule" \
        -c -o "$object" "$@"
}
echo "Building the decoder fuzzer..."
module BigInt "$out/BigInt.o" "$bigint"/*.swift
module OTPCore "$out/OTPCore.o" Sources/OTPCore/Terms/*.swift Tests/Fuzz/Support/LocalProcessStandIn.swift
mapfile -t terms < <(find Sources/OTPTerms -name '*.swift' | sort)
module OTPTerms "$out/OTPTerms.o" "${terms[@]}"
swiftc "${flags[@]}" Tests/Fuzz/ETFDecoderFuzz.swift "$out"/BigInt.o "$out"/OTPCore.o "$out"/OTPTerms.o -o "$out/etf-fuzz"

# New inputs the fuzzer finds go to a scratch corpus; the committed corpus is only read.
mkdir -p "$out/corpus"
echo "Fuzzing for ${seconds}s..."
set +e
"$out/etf-fuzz" "$out/corpus" Tests/Fuzz/Corpus/etf -max_total_time="$seconds" -max_len=4096 \
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
