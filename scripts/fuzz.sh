#!/usr/bin/env bash
# Runs every fuzz target for a short time (default 5s each): usage
# scripts/fuzz.sh [DURATION]. New failing inputs land in testdata/fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${1:-5s}"
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "fuzz $pkg $target"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg"
  done
done
