#!/usr/bin/env bash
# The project's test command (README.md): vet, then every test with the
# race detector. Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
go vet ./...
# The streaming-memory check measures the heap, which -race inflates: run
# it on its own without the race detector.
go test -count=1 -run 'Memory' ./localdb/
go test -race -count=1 -timeout 10m ./...
