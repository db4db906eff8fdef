#!/usr/bin/env bash
# The project's test command (README.md): installs the Debian packages the
# tests need (scripts/deps.sh), vets, runs every Go test with the race
# detector, then the Django example backend against the emulator.
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
go vet ./...
# The streaming-memory check measures the heap, which -race inflates: run
# it on its own without the race detector.
go test -count=1 -run 'Memory' ./localdb/
go test -race -count=1 -timeout 10m ./...
# A real django-allauth backend through the emulator (examples/django-allauth).
bash scripts/django-example.sh
