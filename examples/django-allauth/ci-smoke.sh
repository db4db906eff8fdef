#!/usr/bin/env bash
# ci-smoke.sh KAKAOLOGIN_BINARY: the README's "CI smoke check" recipe, run for
# real against this example.
#
# One command does it all, as in a CI job:
#
#   kakaologin mock --addr 127.0.0.1:0 --test-users smoke-users.json -- bash steps.sh
#
# steps.sh (STEPS below) starts the example (run.sh, a free port, a fresh
# database), which inherits the emulator's KAKAOLOGIN_AUTH_URL,
# KAKAOLOGIN_API_URL and KAKAO_REST_API_KEY from `kakaologin mock`
# (KAKAO_AUTH_URL/KAKAO_API_URL are unset, so settings.py falls back to the
# KAKAOLOGIN_ ones), then logs in through it with
# `kakaologin login --headless --login-hint USER --backend URL` and checks
# kakaologin's exit status (0, or 9 when the backend refuses) and its JSON:
# signup, the JWT it returns, signin, an email-less user, a conflict with a
# local user (exit 9, 400, diagnosis email_exists), --backend-send code and
# --backend-json. The trap in STEPS stops the example on every path.
#
# Prints "N passed, M failed" last and exits with kakaologin mock's status,
# which is STEPS's: 0 when everything passed, 1 when a check failed, 2 on a
# setup problem (with the example's log), 130/143 on SIGINT/SIGTERM (passed
# on to kakaologin mock, which passes it on to STEPS).
#
# Needs Debian's python3 packages (it fails, not skips, without them):
# apt-get install -y python3-django python3-django-allauth
# python3-djangorestframework python3-djangorestframework-simplejwt
# It uses /usr/bin/python3 (override with PYTHON=...), not a pyenv python.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
die() {
	echo "ci-smoke.sh: FATAL: $*" >&2
	echo "0 passed, 1 failed"
	exit 2
}

[ $# -eq 1 ] || die "usage: $0 PATH/TO/kakaologin"
[ -x "$1" ] && [ -f "$1" ] || die "$1 is not an executable kakaologin binary (build one: go build -o /tmp/kakaologin .)"
kl=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$PYTHON" ] || die "$PYTHON not found: install Debian's python3 (apt-get install -y python3)"
if ! "$PYTHON" -c 'import django, allauth, rest_framework, rest_framework_simplejwt' 2>/dev/null; then
	die "$PYTHON cannot import the Django packages. Install them (as root):
  apt-get install -y python3-django python3-django-allauth python3-djangorestframework python3-djangorestframework-simplejwt"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/django-allauth-ci-smoke.XXXXXX")
cleanup() {
	# STEPS stops the example itself; this only catches a STEPS that was
	# killed (SIGKILL) before its trap ran. STEPS removes backend.pid once
	# the example has exited, so a pid found here is still the example's.
	if [ -s "$work/backend.pid" ]; then
		kill "$(cat "$work/backend.pid")" 2>/dev/null
		sleep 0.5
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# STEPS finds `kakaologin` on PATH, as in a CI job.
mkdir "$work/bin" && ln -s "$kl" "$work/bin/kakaologin"
export PATH=$work/bin:$PATH PYTHON EXAMPLE=$here WORK=$work
# The example must get its Kakao URLs from what kakaologin mock exports.
unset KAKAO_AUTH_URL KAKAO_API_URL KAKAO_CLIENT_SECRET DJANGO_DB_PATH
# The logins' callback server on a free port rather than the default 8734,
# which another login on this machine may hold; kakaologin mock reads
# KAKAO_REDIRECT_URI to register it (and kakaologin login to use it).
cb_port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export KAKAO_REDIRECT_URI=http://localhost:$cb_port/callback

# STEPS, a script of its own: what a CI job would keep in its repository.
cat >"$work/steps.sh" <<'STEPS'
# steps.sh: run by `kakaologin mock -- bash steps.sh`, which exports
# KAKAOLOGIN_AUTH_URL, KAKAOLOGIN_API_URL and KAKAO_REST_API_KEY.
set -uo pipefail
pass=0 fail=0 backend=
stop_backend() {
	if [ -n "$backend" ]; then
		kill "$backend" 2>/dev/null
		wait "$backend" 2>/dev/null
		backend=
	fi
	rm -f "$WORK/backend.pid"
}
summary() { echo "$pass passed, $fail failed"; echo "$pass $fail" >"$WORK/result"; }
stopped() {
	echo "ci-smoke.sh: stopped by SIG$1" >&2
	fail=$((fail + 1))
	summary
	exit "$2"
}
trap stop_backend EXIT
trap 'stopped TERM 143' TERM
trap 'stopped INT 130' INT
die() {
	echo "ci-smoke.sh: FATAL: $*" >&2
	[ -f "$WORK/django.log" ] && { echo "--- the Django example (run.sh):" >&2; tail -n 40 "$WORK/django.log" >&2; }
	fail=$((fail + 1))
	summary
	exit 2
}

# The backend on a free port, started here so that it inherits the
# emulator's variables; run.sh prints "ready URL db=PATH" once it answers.
# Should the port be taken between the pick and the bind: another one. Its
# temporary directory (database) goes in $WORK, which ci-smoke.sh removes
# whatever happens.
for _ in 1 2 3; do
	port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	TMPDIR=$WORK "$EXAMPLE/run.sh" "$port" >"$WORK/django.log" 2>&1 &
	backend=$!
	echo "$backend" >"$WORK/backend.pid"
	for _ in $(seq 1 150); do
		grep -q '^ready ' "$WORK/django.log" && break 2
		kill -0 "$backend" 2>/dev/null || break
		sleep 0.1
	done
	stop_backend
done
grep -q '^ready ' "$WORK/django.log" || die "the Django example did not get ready (3 tries)"
db=$(sed -n 's/^ready .* db=//p' "$WORK/django.log")
finish=http://127.0.0.1:$port/accounts/kakao/login/finish/
echo "emulator $KAKAOLOGIN_AUTH_URL, Django example http://127.0.0.1:$port"

# login NAME WANT_EXIT CONDITION ARGS...: kakaologin login --headless
# --backend $finish ARGS...; passes when it exits WANT_EXIT and CONDITION
# (Python) holds on its JSON output d, with b = d["backend"] and
# u = b["body"]["user"] ({} when the body has no user).
check_py='
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
b = d["backend"]
u = b["body"].get("user", {}) if isinstance(b["body"], dict) else {}
jwt = lambda s: isinstance(s, str) and s.count(".") == 2
sys.exit(0 if eval(sys.argv[2]) else 1)'
# out EXPR: EXPR (Python) of the last login's output d.
out() { "$PYTHON" -c 'import json,sys; d = json.load(open(sys.argv[1], encoding="utf-8")); print(eval(sys.argv[2]))' "$WORK/out.json" "$1"; }
login() {
	local name=$1 want=$2 cond=$3 got
	shift 3
	kakaologin login --headless --backend "$finish" "$@" >"$WORK/out.json" 2>"$WORK/err"
	got=$?
	if [ "$got" != "$want" ]; then
		fail=$((fail + 1))
		echo "FAIL $name: kakaologin exited $got, want $want: $(tail -n 3 "$WORK/err"); backend: $(out 'json.dumps(d.get("backend"), ensure_ascii=False)[:600]' 2>&1)" >&2
		return 1
	fi
	if ! "$PYTHON" -c "$check_py" "$WORK/out.json" "$cond" 2>"$WORK/cond.err"; then
		fail=$((fail + 1))
		echo "FAIL $name: exit $got but not ($cond): backend: $(out 'json.dumps(d.get("backend"), ensure_ascii=False)[:600]' 2>&1) $(tail -n 1 "$WORK/cond.err")" >&2
		return 1
	fi
	pass=$((pass + 1))
	echo "ok   $name"
}

# 1. signup: a new Kakao user gets the backend's JWT pair and a new user.
pk1=0 access=none
login "signup: 200, JWT pair, the user from the Kakao profile" 0 \
	'b["status"] == 200 and b["sent"] == ["access_token"] and jwt(b["body"]["access"]) and jwt(b["body"]["refresh"]) and u["nickname"] == "김카카오" and u["email"] == "kakao.tester@example.com" and "diagnosis" not in b' \
	--login-hint kakao.tester@example.com && {
	# (Two statements: bash 5.2 drops a trap that fires inside a=$(..) b=$(..).)
	pk1=$(out 'd["backend"]["body"]["user"]["pk"]')
	access=$(out 'd["backend"]["body"]["access"]')
}

# 2. that access token is the backend's own JWT: it authenticates its API.
if "$PYTHON" -c '
import json, sys, urllib.request
r = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})
sys.exit(0 if json.load(urllib.request.urlopen(r, timeout=10))["pk"] == int(sys.argv[3]) else 1)' \
	"http://127.0.0.1:$port/accounts/user/" "$access" "$pk1" 2>"$WORK/cond.err"; then
	pass=$((pass + 1))
	echo "ok   the signup's access JWT authenticates GET /accounts/user/"
else
	fail=$((fail + 1))
	echo "FAIL the signup's access JWT does not authenticate GET /accounts/user/ as #$pk1: $(tail -n 1 "$WORK/cond.err")" >&2
fi

# 3. signin: the same Kakao user again is the same local user.
login "signin: 200, the same user" 0 \
	"b['status'] == 200 and jwt(b['body']['access']) and u['pk'] == $pk1 and u['email'] == 'kakao.tester@example.com'" \
	--login-hint kakao.tester@example.com

# 4. a user who declined account_email: this seed-shaped example signs them
# up with email "" (a second one would hit the UNIQUE column: smoke.sh).
login 'email-less user: 200, a new user with email ""' 0 \
	"b['status'] == 200 and 'email' not in d['profile']['kakao_account'] and u['pk'] != $pk1 and u['nickname'] == '이동의' and u['email'] == ''" \
	--login-hint 4029183746

# 5. conflict: a local user (no Kakao account) already has the email.
(cd "$EXAMPLE" && DJANGO_DB_PATH=$db "$PYTHON" manage.py seed_user --email choonsik@example.com --nickname local_choonsik >"$WORK/seed.log" 2>&1) ||
	{ cat "$WORK/seed.log" >&2; die "manage.py seed_user failed"; }
login "conflict with a local user's email: exit 9, 400, email_exists" 9 \
	'b["status"] == 400 and b["diagnosis"]["kind"] == "email_exists" and b["body"] == {"non_field_errors": ["User is already registered with this e-mail address."]} and d["profile"]["id"] == 1376016924429759243' \
	--login-hint choonsik@example.com

# 6. --backend-send code: the backend exchanges the code itself.
login "--backend-send code: 200, the backend exchanged the code" 0 \
	'b["status"] == 200 and b["sent"] == ["code", "redirect_uri"] and "token" not in d and jwt(b["body"]["access"]) and u["nickname"] == "박미인증" and u["email"] == "unverified@example.com"' \
	--login-hint unverified@example.com --backend-send code

# 7. --backend-json: the token in a JSON body.
login "--backend-json: 200" 0 \
	'b["status"] == 200 and b["sent"] == ["access_token"] and jwt(b["body"]["access"]) and u["nickname"] == "대소문자" and u["email"] == "case.tester@example.com"' \
	--login-hint case.tester@example.com --backend-json

if [ "$fail" -ne 0 ] || [ -n "${SMOKE_VERBOSE:-}" ]; then
	echo "--- the Django example (run.sh):" >&2
	tail -n 60 "$WORK/django.log" >&2
fi
summary
[ "$fail" -eq 0 ]
STEPS

# In the background so that a SIGTERM or SIGINT sent to this script alone is
# passed on (kakaologin mock passes it to the steps, whose trap stops the
# example) instead of leaving them running.
"$kl" mock --addr 127.0.0.1:0 --test-users "$here/smoke-users.json" -- bash "$work/steps.sh" &
mock=$!
trap 'kill -TERM "$mock" 2>/dev/null' TERM
trap 'kill -INT "$mock" 2>/dev/null' INT
while kill -0 "$mock" 2>/dev/null; do
	wait "$mock" # returns early when a trap ran
done
wait "$mock"
rc=$?
if [ ! -s "$work/result" ]; then
	# STEPS did not get to its summary: kakaologin mock failed to start it,
	# or it was killed.
	echo "ci-smoke.sh: the smoke steps did not finish (kakaologin mock exited $rc)" >&2
	echo "0 passed, 1 failed"
	[ "$rc" -ne 0 ] || rc=1
fi
exit "$rc"
