#!/usr/bin/env bash
# Packs @vigil/contracts and @vigil/testkit, installs them in examples/caller
# (not a workspace member: it sees only the tarballs, as a calling team
# would), type-checks it and runs its contract tests against the real
# services. `npm run example`; CI runs it after the workspace's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsx tools/src/pack/main.ts contracts testkit
cd examples/caller
# No lockfile (see .gitignore): a fresh install takes the tarballs just packed.
rm -rf node_modules/@vigil package-lock.json
npm install --no-audit --no-fund
npm run typecheck
npm test
