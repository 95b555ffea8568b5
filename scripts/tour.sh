#!/usr/bin/env bash
# Builds elixirtour in release mode and starts the tour in the folder you run it from (where it
# makes and finds your workspace, elixirtour-workspace). Run from anywhere:
#   bash path/to/elixirtour/scripts/tour.sh
set -eu
here="$PWD"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/setup.sh
need_swift
need_libedit
echo "Building elixirtour (release)... the first build takes a few minutes."
swift build -c release --product OTP >/dev/null
swift build -c release --product elixirtour
# The binary finds its lessons and runtime beside itself, wherever it is started from.
cd "$here"
exec "$root/.build/release/elixirtour" "$@"
