#!/usr/bin/env bash
# `npm test`: everything, on a fresh machine too. Installs what the tests need (Debian packages,
# node_modules, the Letta server's venv), then checks types and the build, and runs the unit and
# contract tests, the integration tests against a real Letta server, and the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "bootstrap"
bash scripts/bootstrap.sh
step "Letta server venv"
bash scripts/setup-letta-venv.sh
step "offline speech model for the voice tests"
npx tsx scripts/voice-model.ts
# Installed now, so the local-transcription tests must not skip for want of it.
export LETTA_DESK_REQUIRE_VOICE_MODEL=1
step "typecheck"
npm run --silent typecheck
step "build"
npm run --silent build >/dev/null
step "unit and contract tests"
npm run --silent test:unit
step "integration tests (real Letta server)"
npm run --silent test:integration
if [ -d test/e2e ]; then
  step "end-to-end tests (Chromium)"
  npm run --silent test:e2e
fi
step "all tests passed"
