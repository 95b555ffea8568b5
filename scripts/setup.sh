#!/usr/bin/env bash
# Shared set-up: installs what the build needs (libedit-dev) and, with --erlang, the real BEAM
# (erlang-base, elixir) for the interop and side-by-side tests. Sourced by tour.sh and test.sh.
set -u

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else return 1
    fi
}

apt_updated=0
apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ "$apt_updated" = 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
        apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

need_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "elixirtour needs the Swift 6 toolchain: install it from swift.org (swiftly), then run this again." >&2
        exit 2
    fi
}

need_libedit() {
    if [ -f /usr/include/editline/readline.h ]; then return 0; fi
    echo "Installing libedit-dev (line editing for the tour's shell)..."
    if ! apt_install libedit-dev; then
        echo "Could not install libedit-dev. Install it yourself (sudo apt-get install libedit-dev) and run this again." >&2
        exit 2
    fi
}

# Under CI (CI=true) the BEAM is required: the tests that need it run there regardless, so a
# missing erl or elixir stops the run here, saying how to install them. Elsewhere those tests
# are reported as skipped.
want_erlang() {
    if command -v erl >/dev/null 2>&1 && command -v elixir >/dev/null 2>&1; then return 0; fi
    echo "Installing erlang-base and elixir (for the side-by-side and interop tests)..."
    if apt_install erlang-base elixir && command -v erl >/dev/null 2>&1 && command -v elixir >/dev/null 2>&1; then
        return 0
    fi
    if [ "${CI:-}" = true ]; then
        echo "error: could not install erlang-base and elixir, and CI=true needs them (the tests that compare with the real BEAM fail without them)." >&2
        echo "Install them yourself, e.g. sudo apt-get install erlang-base elixir (or see https://elixir-lang.org/install.html), and run this again." >&2
        exit 2
    fi
    echo "NOTE: could not install erlang-base and elixir; the tests that compare with the real BEAM will be reported as skipped." >&2
}
