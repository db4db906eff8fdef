#!/usr/bin/env bash
# The project's test command (README.md): installs the Debian packages the
# tests need (scripts/deps.sh), vets, runs every Go test with the race
# detector, then the Django example backend against the emulator.
# Exits non-zero when anything fails.
#
# The race detector needs cgo, hence a C compiler (gcc): without one, or
# with CGO_ENABLED=0, the tests run without -race, and a line says so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
go vet ./...
# The streaming-memory check measures the heap, which -race inflates: run
# it on its own without the race detector.
go test -count=1 -run 'Memory' ./localdb/
race=-race
cc=$(go env CC)
if ! command -v "${cc%% *}" >/dev/null 2>&1; then
  race=
  echo "test.sh: no C compiler ($cc) for cgo: running the tests without the race detector (install gcc to have it)" >&2
elif [ "$(go env CGO_ENABLED)" != 1 ]; then
  race=
  echo "test.sh: cgo is off (CGO_ENABLED=$(go env CGO_ENABLED)): running the tests without the race detector" >&2
fi
go test $race -count=1 -timeout 10m ./...
# A real django-allauth backend through the emulator (examples/django-allauth).
bash scripts/django-example.sh
