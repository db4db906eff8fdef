#!/usr/bin/env bash
# compare-rules.sh KAKAOLOGIN_BINARY: does `kakaologin --rules seed` predict
# what this backend (the seed's stack) answers? Case by case.
#
# Starts the emulator (with compare-users.json) and the example (run.sh,
# fresh SQLite DB) on free loopback ports, then plays one sequence of steps
# on both sides: local users made with `manage.py seed_user` and
# `kakaologin users add`, and Kakao logins. For each login,
# `kakaologin login --headless --record --rules $RULES` (default seed) gets
# a token and the store's decision on a fresh store, and curl posts the token
# to the backend. They agree when a signup or signin is HTTP 200 with the
# same user (pk, nickname, email), and a conflict is the backend's status and
# body (decision.response). Prints each case, "N agree, M disagree", and
# exits 1 on a disagreement. RULES=lenient shows what the old rules got wrong.
#
# Needs what smoke.sh needs (curl, Debian's python3 packages).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RULES=${RULES:-seed}
. "$here/preflight.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/django-allauth-compare.XXXXXX")
mock_pid= run_pid=
cleanup() {
	for p in $run_pid $mock_pid; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mock_port=$(free_port) app_port=$(free_port)
while [ "$app_port" = "$mock_port" ]; do app_port=$(free_port); done
mock=http://127.0.0.1:$mock_port
finish=http://127.0.0.1:$app_port/accounts/kakao/login/finish/
export KAKAO_REST_API_KEY=4b616b616f4c6f67696e4d6f636b4b65 # the emulator's default key
export KAKAOLOGIN_AUTH_URL=$mock KAKAOLOGIN_API_URL=$mock   # for kakaologin
export KAKAO_AUTH_URL=$mock KAKAO_API_URL=$mock             # for the Django app
export DJANGO_DB_PATH=$tmp/db.sqlite3 KAKAOLOGIN_DB=$tmp/store.db
unset KAKAO_CLIENT_SECRET KAKAO_REDIRECT_URI KAKAOLOGIN_RULES

"$kl" mock --addr "127.0.0.1:$mock_port" --test-users "$here/compare-users.json" >"$tmp/mock.log" 2>&1 &
mock_pid=$!
"$here/run.sh" "$app_port" >"$tmp/run.log" 2>&1 &
run_pid=$!
for _ in $(seq 1 150); do
	curl -sf "$mock/_emulator/health" >/dev/null && grep -q '^ready ' "$tmp/run.log" && break
	kill -0 "$mock_pid" 2>/dev/null || { cat "$tmp/mock.log" >&2; die "kakaologin mock exited"; }
	kill -0 "$run_pid" 2>/dev/null || { cat "$tmp/run.log" >&2; die "run.sh exited"; }
	sleep 0.1
done
grep -q '^ready ' "$tmp/run.log" || { cat "$tmp/run.log" >&2; die "the Django example did not get ready in 15s"; }
echo "emulator $mock, Django example ${finish%/accounts/*}, kakaologin --rules $RULES"

agree=0 disagree=0

# local EMAIL NICKNAME [PROVIDER UID]: the same local user on both sides.
local_user() {
	local extra=()
	[ $# -eq 4 ] && extra=(--provider "$3" --uid "$4")
	(cd "$here" && "$PYTHON" manage.py seed_user --email "$1" --nickname "$2" "${extra[@]}" >"$tmp/seed.log" 2>&1) ||
		{ cat "$tmp/seed.log" >&2; die "manage.py seed_user $*"; }
	"$kl" users add --email "$1" --nickname "$2" "${extra[@]}" >/dev/null 2>"$tmp/add.err" ||
		{ cat "$tmp/add.err" >&2; die "kakaologin users add $*"; }
}

# login ID CASE: Kakao user ID logs in on both sides; compare the answers.
login() {
	local id=$1 name=$2 status verdict
	"$kl" login --headless --login-hint "$id" --record --rules "$RULES" >"$tmp/kl.json" 2>"$tmp/kl.err"
	case $? in 0 | 7) ;; *) cat "$tmp/kl.err" >&2; die "kakaologin login --record --login-hint $id failed" ;; esac
	token=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"]["access_token"])' "$tmp/kl.json")
	status=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST -d "access_token=$token" "$finish")
	verdict=$(STATUS=$status "$PYTHON" - "$tmp/kl.json" "$tmp/body" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))["user"]
raw = open(sys.argv[2], encoding="utf-8").read()
status = int(os.environ["STATUS"])
backend = f"backend {status}"
if d["result"] in ("signup", "signin"):
    u = d["user"]
    mine = f'kakaologin {d["result"]} #{u["id"]} {u["nickname"]} {u["email"] or ""}'
    if status != 200:
        print(f"DISAGREE {mine}; {backend} {raw.strip()[:120]}")
        sys.exit()
    b = json.loads(raw)["user"]
    theirs = f'#{b["pk"]} {b["nickname"]} {b["email"]}'
    same = (b["pk"], b["nickname"], b["email"]) == (u["id"], u["nickname"], u["email"] or "")
    print(f'{"agree" if same else "DISAGREE"} {mine}; {backend} {theirs}')
    sys.exit()
r = d.get("response") or {}
mine = f'kakaologin conflict {d["reason"]} {r.get("status")}'
if r.get("content_type") == "application/json":
    same = r.get("status") == status and r.get("body") == json.loads(raw)
else:
    same = r.get("status") == status and r.get("body") == raw
print(f'{"agree" if same else "DISAGREE"} {mine}; {backend} {" ".join(raw.split())[:80]}')
PY
)
	case $verdict in
	agree*) agree=$((agree + 1)); echo "ok   $name: ${verdict#agree }" ;;
	*) disagree=$((disagree + 1)); echo "FAIL $name: ${verdict#DISAGREE }" ;;
	esac
}

login 5100000001 "a. new Kakao user, new email: signup"
login 5100000001 "b. the same Kakao user again: signin"
local_user park@example.com local_park
login 5100000002 "c. email of a local user"
login 5100000003 "d. the same email in another case, new Kakao id"
login 5100000004 "f. email of another Kakao user, exactly"
login 5100000005 "g. first user without email"
login 5100000006 "h. second user without email"
login 5100000007 "i. Kakao nickname already taken"
local_user g@example.com google_user google 1234567890
login 5100000008 "e. email of a user of another provider"
login 5100000009 "d+i. email in another case, nickname taken"
login 5100000010 "j. no nickname"
login 5100000011 "k. unverified email"
login 5100000003 "b. the case-variant user again: signin"

if [ "$disagree" -ne 0 ] && [ -n "${COMPARE_VERBOSE:-}" ]; then
	tail -n 60 "$tmp/run.log" >&2
fi
echo "$agree agree, $disagree disagree"
[ "$disagree" -eq 0 ]
