#!/usr/bin/env bash
# Brings a fresh machine to the point where the app and its tests can run: the Debian packages
# the native modules and the tests need, then node_modules. Idempotent and quick when nothing is
# missing, so both `npm start` and `npm test` call it first.
set -euo pipefail
cd "$(dirname "$0")/.."

# keytar compiles against libsecret; the keychain tests need a real Secret Service (gnome-keyring
# on a private D-Bus session); e2e drives Debian's Chromium; voice tests speak with espeak-ng and
# measure with sox.
need_pkgs=()
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
pkg-config --exists libsecret-1 2>/dev/null || need_pkgs+=(libsecret-1-dev pkg-config)
command -v gnome-keyring-daemon >/dev/null 2>&1 || need_pkgs+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || need_pkgs+=(dbus dbus-x11)
command -v espeak-ng >/dev/null 2>&1 || need_pkgs+=(espeak-ng)
command -v sox >/dev/null 2>&1 || need_pkgs+=(sox)
command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3 python3-venv)

if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${need_pkgs[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; else
    echo "bootstrap: need root (or sudo) to install: ${need_pkgs[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

# node_modules: reinstall only when the lockfile changed since the last install.
stamp=node_modules/.letta-desk-lock-hash
want=$(sha1sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
