#!/usr/bin/env bash
# Measures the user store at the command line: generates N profiles
# (default 100000, shaped like Kakao's full /v2/user/me), times
# `users import`, then times `users list --output json` and reports its
# peak memory (max RSS). Usage: scripts/bench-users.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/kakaologin"
CGO_ENABLED=0 go build -o "$bin" .
go run ./scripts/genprofiles "$n" > "$work/profiles.jsonl"
export KAKAOLOGIN_DB="$work/users.db"
/usr/bin/time -f '%e s, max RSS %M KB' -o "$work/import.time" "$bin" users import "$work/profiles.jsonl" > "$work/import.json"
echo "users import of $n profiles: $(cat "$work/import.time")"
/usr/bin/time -f '%e s, max RSS %M KB' -o "$work/list.time" "$bin" users list --output json > "$work/list.json"
echo "users list --output json of $n users: $(cat "$work/list.time") ($(wc -c < "$work/list.json") bytes)"
/usr/bin/time -f '%e s' -o "$work/record.time" "$bin" users record --profile <(head -n 1 "$work/profiles.jsonl") > /dev/null
echo "users record of one profile (whole process): $(cat "$work/record.time")"
