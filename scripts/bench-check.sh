#!/usr/bin/env bash
# Measures the check latency: the time from `elixirtour check` to its verdict for a typical
# passing exercise (the checker's fixture `ping`: two tests, a spawned server, a trace), warm
# (runtime built, one check first to warm the disk cache), with the verdict cache off
# (--no-cache), so that every run compiles and runs the program. Prints every run and the median.
#
#   bash scripts/bench-check.sh [debug|release] [runs]            # the fixture
#   bash scripts/bench-check.sh [debug|release] [runs] lessons    # five real exercises, one per
#                                                                  # lesson 1-5, their solutions
set -eu
cd "$(dirname "$0")/.."
config=${1:-release}
runs=${2:-15}
what=${3:-fixture}
scratch=${ELIXIRTOUR_SCRATCH:-.build}
swift build -c "$config" --scratch-path "$scratch" --product OTP >/dev/null
swift build -c "$config" --scratch-path "$scratch" --product elixirtour >/dev/null
case "$scratch" in /*) ;; *) scratch="$PWD/$scratch" ;; esac
binary="$scratch/$config/elixirtour"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$what" = lessons ]; then
    "$binary" init "$work/ws" >/dev/null
    exercises="processes/square-reply messaging/ring pattern-matching/classify-message supervision/build-a-tree genserver/counter-genserver"
    for path in $exercises; do
        cp Lessons/*/exercises/"$(basename "$path")"/solution.swift "$work/ws/exercises/$path.swift"
    done
    cd "$work/ws"
    all=()
    for path in $exercises; do
        name=$(basename "$path")
        "$binary" check "$name" --no-cache >/dev/null
        times=()
        for _ in $(seq "$runs"); do
            start=$(date +%s%N)
            "$binary" check "$name" --no-cache >/dev/null
            end=$(date +%s%N)
            times+=($(( (end - start) / 1000000 )))
        done
        all+=("${times[@]}")
        sorted=($(printf '%s\n' "${times[@]}" | sort -n))
        echo "$name (ms): ${times[*]}  median ${sorted[$(( runs / 2 ))]}"
    done
    sorted=($(printf '%s\n' "${all[@]}" | sort -n))
    echo "median of all: ${sorted[$(( ${#all[@]} / 2 ))]} ms  ($config, $runs runs each, load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    exit 0
fi
export ELIXIRTOUR_LESSONS="$PWD/Tests/CheckerTests/Fixtures/Lessons"
"$binary" init "$work/ws" >/dev/null
cp Tests/CheckerTests/Fixtures/Learner/pass.swift "$work/ws/exercises/fixtures/ping.swift"
cd "$work/ws"
"$binary" check ping --no-cache >/dev/null
times=()
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$binary" check ping --no-cache >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "runs (ms): ${times[*]}"
echo "median: ${sorted[$(( runs / 2 ))]} ms  ($config, $runs runs, load average: $(cut -d' ' -f1-3 /proc/loadavg))"
