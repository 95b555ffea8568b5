#!/usr/bin/env bash
# Builds elixirtour in release mode and starts the tour. Run from anywhere: bash scripts/tour.sh
set -eu
cd "$(dirname "$0")/.."
. scripts/setup.sh
need_swift
need_libedit
echo "Building elixirtour (release)... the first build takes a few minutes."
swift build -c release --product OTP >/dev/null
swift build -c release --product elixirtour
exec .build/release/elixirtour "$@"
