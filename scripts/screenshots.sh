#!/usr/bin/env bash
# Takes the dashboard's screenshots again: the browser tests save every page they visit at
# desktop and phone width in test-artifacts/screenshots/, and the main pages are copied into
# docs/screenshots/, which is committed for the README. Needs the test bed up
# (`npm run screenshots` brings it up first).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shots=test-artifacts/screenshots
# A page no test shows any more must fail the copy, not leave an old picture behind.
rm -rf "$shots"
node_modules/.bin/vitest run --project integration test/dashboard.test.ts test/dashboard-deploy.test.ts

mkdir -p docs/screenshots
# Each as <taken>:<published>: the projects list is shown with a live project in it.
for page in projects-live:projects new-project:new-project project:project settings:settings deployment:deployment account:account; do
  for size in desktop phone; do
    cp "$shots/${page%%:*}-$size.png" "docs/screenshots/${page#*:}-$size.png"
  done
done
echo "docs/screenshots/ holds the new screenshots"
