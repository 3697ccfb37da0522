#!/usr/bin/env bash
# Prepares the pinned Letta server (0.7.29) that the integration tests run against, in
# .cache/letta-venv, and prints the environment it needs offline as `export NAME='value'` lines:
#
#   eval "$(bash scripts/setup-letta-venv.sh)"
#
# Progress goes to stderr so stdout stays machine-readable (test/harness/letta-server.ts parses it).
# A stamp records what was installed; when nothing changed a run only compares hashes (< 1 s).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

shared=${LETTA_SHARED_DIR:-../shared}
constraints=$(realpath -m "$shared/letta-0.7.29-constraints.txt")
venv=$root/.cache/letta-venv
stamp=$venv/.letta-desk-stamp
envfile=$venv/.letta-desk-env

# orjson: letta 0.7.29 imports it in its agents router but does not declare it, so a plain
# `pip install letta[server]` yields a server that dies at import ("No module named 'orjson'").
packages=('letta[server]==0.7.29' orjson)

# The URL tiktoken downloads cl100k_base from; its cache names the file by the URL's SHA-1.
cl100k_url=https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken
cl100k_name=$(printf %s "$cl100k_url" | sha1sum | cut -d' ' -f1)

log() { echo "setup-letta-venv: $*" >&2; }

if [ ! -f "$constraints" ]; then
  log "constraints file not found: $constraints (set LETTA_SHARED_DIR to the folder holding it)"
  exit 1
fi

want=$( { cat "$constraints"; printf '%s\n' "${packages[@]}" "$cl100k_name"; } | sha1sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/letta" ] && [ -f "$envfile" ]; then
  cat "$envfile"
  exit 0
fi

mkdir -p "$root/.cache"
# Two test runs starting at once must not both pip-install into the same venv.
exec 9>"$root/.cache/letta-venv.lock"
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/letta" ] && [ -f "$envfile" ]; then
  cat "$envfile"
  exit 0
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 13) else 1)'; then
  log "letta 0.7.29 needs Python 3.10-3.13; $python is $("$python" --version 2>&1)"
  exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
  log "creating $venv"
  "$python" -m venv "$venv"
fi
log "installing ${packages[*]} (first time takes a few minutes)"
"$venv/bin/pip" install --quiet --disable-pip-version-check -c "$constraints" "${packages[@]}" >&2

site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')

# Offline token counting needs the cl100k_base ranks already in tiktoken's cache. llama-index-core
# ships that cache; if a future wheel stops doing so, any copy of the ranks file found among the
# installed packages is placed under the name tiktoken looks for.
tiktoken_dir=$site/llama_index/core/_static/tiktoken_cache
if [ ! -f "$tiktoken_dir/$cl100k_name" ]; then
  found=$(find "$site" \( -name "$cl100k_name" -o -name cl100k_base.tiktoken \) -type f 2>/dev/null | head -n 1)
  if [ -z "$found" ]; then
    log "no cl100k_base ranks file in $site; token counting would try to download it"
    exit 1
  fi
  tiktoken_dir=$root/.cache/tiktoken-cache
  mkdir -p "$tiktoken_dir"
  cp "$found" "$tiktoken_dir/$cl100k_name"
fi

# tiktoken checks the file's hash and silently re-downloads on a mismatch, so prove it loads with
# every proxy pointing at a closed port: a download attempt fails instead of succeeding quietly.
if ! TIKTOKEN_CACHE_DIR=$tiktoken_dir HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY= \
  "$venv/bin/python" -c 'import tiktoken; assert tiktoken.get_encoding("cl100k_base").encode("offline check")' >&2; then
  log "tiktoken cannot load cl100k_base offline from $tiktoken_dir"
  exit 1
fi

{
  printf "export LETTA_VENV='%s'\n" "$venv"
  printf "export LETTA_BIN='%s'\n" "$venv/bin/letta"
  printf "export TIKTOKEN_CACHE_DIR='%s'\n" "$tiktoken_dir"
} >"$envfile"
echo "$want" >"$stamp"
log "ready"
cat "$envfile"
