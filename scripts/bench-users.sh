#!/usr/bin/env bash
# Measures the user store at the command line, side by side with the C
# sqlite3 shell on the same data, in one run:
#   - users import of N profiles (default 100000, shaped like Kakao's full
#     /v2/user/me) vs sqlite3 inserting the same rows from json_each (the
#     file parsed once, into a temp table) in one transaction, into a store
#     of the same schema;
#   - users list --output json vs sqlite3 -json reading the same rows (users
#     joined to their social accounts, with the profile JSON);
# and prints each pair's ratio (wall clock, and CPU time, which a machine
# shared with other jobs disturbs less) and peak memory (max RSS). Each side
# runs RUNS times (default 3); the best wall time counts.
# Usage: scripts/bench-users.sh [N]   (needs sqlite3: apt-get install -y sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
runs="${RUNS:-3}"
if ! command -v sqlite3 >/dev/null; then
	echo "bench-users.sh: the sqlite3 shell is not installed, so there is nothing to compare with." >&2
	echo "Install it (apt-get install -y sqlite3) and run again." >&2
	exit 2
fi
[ -x /usr/bin/time ] || { echo "bench-users.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/kakaologin"
CGO_ENABLED=0 go build -o "$bin" .
go run ./scripts/genprofiles "$n" > "$work/profiles.jsonl"
{ echo '['; sed '$!s/$/,/' "$work/profiles.jsonl"; echo ']'; } > "$work/profiles.json"
echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1), $n profiles ($(($(wc -c < "$work/profiles.jsonl") / 1000000)) MB), best of $runs"

# An empty store of kakaologin's schema (page size, WAL) for sqlite3 to fill.
"$bin" users add --db "$work/empty.db" --nickname x > /dev/null
"$bin" users delete --yes --db "$work/empty.db" 1 > /dev/null

# timed NAME CMD...: runs CMD $runs times, records the best "seconds KB".
timed() {
	local name=$1 best= t
	shift
	for _ in $(seq "$runs"); do
		"$@"
		t=$(cat "$work/time")
		if [ -z "$best" ] || awk -v a="${t% *}" -v b="${best% *}" 'BEGIN{exit !(a < b)}'; then best=$t; fi
	done
	printf -v "$name" '%s' "$best"
}
kl_import() {
	rm -f "$work/kl.db"*
	cp "$work/empty.db" "$work/kl.db"
	/usr/bin/time -f '%e %M %U %S' -o "$work/time" "$bin" users import --db "$work/kl.db" "$work/profiles.jsonl" > /dev/null
}
sq_import() {
	rm -f "$work/sq.db"*
	cp "$work/empty.db" "$work/sq.db"
	/usr/bin/time -f '%e %M %U %S' -o "$work/time" sqlite3 "$work/sq.db" <<SQL
PRAGMA foreign_keys = ON;
PRAGMA synchronous = NORMAL;
BEGIN IMMEDIATE;
CREATE TEMP TABLE p AS SELECT key AS k, value AS v FROM json_each(readfile('$work/profiles.json'));
INSERT INTO users (id, email, email_key, email_verified, nickname, joined_at, last_login_at)
  SELECT k + 1, v ->> '\$.kakao_account.email', lower(v ->> '\$.kakao_account.email'),
         v ->> '\$.kakao_account.is_email_verified', v ->> '\$.kakao_account.profile.nickname',
         '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM p;
INSERT INTO social_accounts (provider, uid, user_id, profile, joined_at, last_login_at)
  SELECT 'kakao', v ->> '\$.id', k + 1, v, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM p;
COMMIT;
SQL
}
list_sql="SELECT u.id, u.email, u.email_verified, u.nickname, u.joined_at, u.last_login_at,
  s.provider, s.uid, s.profile, s.joined_at AS s_joined_at, s.last_login_at AS s_last_login_at
  FROM users u LEFT JOIN social_accounts s ON s.user_id = u.id ORDER BY u.id, s.id"
kl_list() { /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$bin" users list --db "$work/kl.db" --output json > "$work/kl.json"; }
sq_list() { /usr/bin/time -f '%e %M %U %S' -o "$work/time" sqlite3 -readonly -json "$work/kl.db" "$list_sql" > "$work/sq.json"; }

report() { # WHAT KL SQ: "seconds KB user sys" each
	awk -v what="$1" -v k="$2" -v s="$3" 'BEGIN {
		split(k, a, " "); split(s, b, " ");
		printf "%-25s kakaologin %6.2f s (CPU %5.2f s, max RSS %4d MB)   sqlite3 %6.2f s (CPU %5.2f s, max RSS %4d MB)   ratio %.2fx (CPU %.2fx)\n",
			what, a[1], a[3] + a[4], a[2] / 1024, b[1], b[3] + b[4], b[2] / 1024, a[1] / b[1], (a[3] + a[4]) / (b[3] + b[4]) }'
}
timed kl_i kl_import
timed sq_i sq_import
report "users import" "$kl_i" "$sq_i"
timed kl_l kl_list
timed sq_l sq_list
report "users list --output json" "$kl_l" "$sq_l"
echo "rows: $(sqlite3 "$work/kl.db" 'SELECT count(*) FROM users') users (kakaologin), $(sqlite3 "$work/sq.db" 'SELECT count(*) FROM users') (sqlite3); output $(wc -c < "$work/kl.json") vs $(wc -c < "$work/sq.json") bytes"
