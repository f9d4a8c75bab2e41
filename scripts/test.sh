#!/usr/bin/env bash
# `npm test`: typecheck, unit + integration + emulator tests (vitest), then the production build
# and the end-to-end tests (Playwright in Chromium). On PGlite by default; on a Postgres server
# when DATABASE_URL is set (each run creates and drops its own databases there).
# Prints one closing line "N passed, N failed" over all runners; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

reports=".test-data/reports"
rm -rf "$reports" && mkdir -p "$reports"
target="PGlite"; [ -n "${DATABASE_URL:-}" ] && target="Postgres (DATABASE_URL)"
status=0

step() { printf '\n==> %s\n' "$*"; }

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ] && ! ls "${HOME}/.cache/ms-playwright"/chromium* >/dev/null 2>&1; then
  cat >&2 <<'MSG'
Chromium is missing, and the end-to-end tests need it.
Install it with:   sudo apt-get install -y chromium     (Debian/Ubuntu; gives /usr/bin/chromium)
or point CHROMIUM_PATH at a Chromium/Chrome binary.
MSG
  exit 1
fi

step "Typecheck"
npx tsc --noEmit || status=1

step "Unit, integration and emulator tests on $target (vitest)"
npx vitest run || status=1

# The build does not depend on the database, so a second run may reuse it (SKIP_NEXT_BUILD=1).
if [ "${SKIP_NEXT_BUILD:-}" = "1" ] && [ -f .next/BUILD_ID ]; then
  built=0
else
  step "Production build (next build)"
  npx next build; built=$?
fi
if [ "$built" -eq 0 ]; then
  step "End-to-end tests on $target (Playwright, Chromium)"
  npx playwright test || status=1
else
  status=1
fi

npx tsx scripts/test-summary.ts "$reports" || status=1
exit $status
