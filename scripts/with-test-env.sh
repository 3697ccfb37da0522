#!/usr/bin/env bash
# Runs a test command inside the environment the tests need and nothing outside it needs:
# a private D-Bus session with a real, unlocked gnome-keyring (the keychain tests talk to a real
# Secret Service), and throw-away XDG/HOME-like directories so nothing touches the user's own.
# The Letta server and the fake LLM are started by the test runners' own setup, not here.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=$(mktemp -d "${TMPDIR:-/tmp}/letta-desk-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export LETTA_DESK_TEST_SCRATCH="$scratch"

if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ "${LETTA_DESK_IN_TEST_ENV:-}" = 1 ]; then
  exec "$@"
fi
export LETTA_DESK_IN_TEST_ENV=1
# The keyring password only unlocks this throw-away keyring in $XDG_DATA_HOME.
exec dbus-run-session -- bash -c 'echo -n test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' bash "$@"
