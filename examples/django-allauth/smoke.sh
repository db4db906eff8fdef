#!/usr/bin/env bash
# smoke.sh KAKAOLOGIN_BINARY: the django-allauth example against `kakaologin mock`.
#
# Starts the emulator (with smoke-users.json) and the example (run.sh, fresh
# SQLite DB) on free loopback ports, gets Kakao access tokens with
# `kakaologin login --headless --login-hint`, POSTs them to
# /accounts/kakao/login/finish/ with curl and checks each answer: signup,
# signin, email-less user, second email-less user, nickname collision (500),
# conflict with a local user (and with its email in another case), bogus
# token, missing token, code flow, stored uids. Prints
# "N passed, M failed" and exits 1 on any failure.
#
# Needs curl and Debian's python3 packages (it fails, not skips, without
# them): apt-get install -y python3-django python3-django-allauth
# python3-djangorestframework python3-djangorestframework-simplejwt
# It uses /usr/bin/python3 (override with PYTHON=...), not a pyenv python.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/preflight.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/django-allauth-smoke.XXXXXX")
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
app=http://127.0.0.1:$app_port
finish=$app/accounts/kakao/login/finish/
export KAKAO_REST_API_KEY=4b616b616f4c6f67696e4d6f636b4b65 # the emulator's default key
export KAKAOLOGIN_AUTH_URL=$mock KAKAOLOGIN_API_URL=$mock   # for kakaologin
export KAKAO_AUTH_URL=$mock KAKAO_API_URL=$mock             # for the Django app
export DJANGO_DB_PATH=$tmp/db.sqlite3
unset KAKAO_CLIENT_SECRET KAKAO_REDIRECT_URI

# --auto-approve: case 10 follows the authorize URL with curl, which cannot
# click through the emulator's login and consent pages (kakaologin login
# --headless plays them either way).
"$kl" mock --addr "127.0.0.1:$mock_port" --test-users "$here/smoke-users.json" --auto-approve >"$tmp/mock.log" 2>&1 &
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
echo "emulator $mock, Django example $app"

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() {
	fail=$((fail + 1))
	echo "FAIL $1: $2" >&2
}

# token HINT: a fresh Kakao access token of the emulator user HINT.
token() {
	"$kl" login --headless --login-hint "$1" 2>"$tmp/login.err" |
		"$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["token"]["access_token"])' ||
		{ cat "$tmp/login.err" >&2; die "kakaologin login --login-hint $1 failed"; }
}

# post CURL_ARGS...: POST to the finish endpoint; sets $status and $body.
post() {
	status=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST "$@" "$finish")
	body=$(cat "$tmp/body")
}

# expect NAME STATUS [PYTHON_CONDITION]: checks $status, and the condition on
# the JSON body `b` (a dict); prints the body on mismatch.
expect() {
	local name=$1 want=$2 cond=${3:-True}
	if [ "$status" != "$want" ]; then
		bad "$name" "want HTTP $want, got $status: $(head -c 400 <<<"$body")"
		return 1
	fi
	if ! BODY=$body "$PYTHON" -c "
import json, os, sys
b = json.loads(os.environ['BODY']) if os.environ['BODY'][:1] in '{[' else None
jwt = lambda s: isinstance(s, str) and s.count('.') == 2
sys.exit(0 if ($cond) else 1)" 2>"$tmp/cond.err"; then
		bad "$name" "HTTP $status but not ($cond): $(head -c 400 <<<"$body") $(cat "$tmp/cond.err")"
		return 1
	fi
	ok "$name"
}
field() { BODY=$body "$PYTHON" -c "import json,os; print(json.loads(os.environ['BODY'])$1)"; }

# 1. signup: a new Kakao user gets a JWT pair and a user.
post -d "access_token=$(token 3958471203)"
expect "signup (form body)" 200 "jwt(b['access']) and jwt(b['refresh']) and b['user']['nickname'] == '김카카오' and b['user']['email'] == 'kakao.tester@example.com' and set(b) == {'access','refresh','user'} and set(b['user']) == {'pk','nickname','email'}" &&
	pk1=$(field "['user']['pk']") access1=$(field "['access']")

# 2. the access token is this app's JWT for that user.
status=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Authorization: Bearer ${access1:-none}" "$app/accounts/user/")
body=$(cat "$tmp/body")
expect "JWT access token authenticates GET /accounts/user/" 200 "b['pk'] == ${pk1:-0}"

# 3. signin: the same Kakao user again, JSON body, same local user.
post -H 'Content-Type: application/json' -d "{\"access_token\": \"$(token 3958471203)\"}"
expect "signin (JSON body): same user" 200 "jwt(b['access']) and b['user']['pk'] == ${pk1:-0}"

# 4. a user who declined account_email: signed up with email "".
post -d "access_token=$(token 4029183746)"
expect "email-less user signs up with email \"\"" 200 "b['user'] == {'pk': b['user']['pk'], 'nickname': '이동의', 'email': ''}"

# 5. a second email-less user: "" is taken on the UNIQUE email column, as in
# the seed project: IntegrityError, 500 (see accounts/models.py).
post -d "access_token=$(token 4300000002)"
expect "second email-less user: 500 (UNIQUE email \"\")" 500

# 6. nickname taken: the unique nickname column, filled straight from Kakao's
# nickname (accounts/adapter.py), as in the seed project: IntegrityError, 500.
post -d "access_token=$(token 4300000001)"
expect "taken nickname: 500 (UNIQUE nickname)" 500

# 7. conflict: a local user already has the Kakao user's email.
(cd "$here" && "$PYTHON" manage.py seed_user --email unverified@example.com --nickname local_park >"$tmp/seed.log" 2>&1) ||
	{ cat "$tmp/seed.log" >&2; die "manage.py seed_user failed"; }
post -d "access_token=$(token 4120567891)"
expect "email of a local user: conflict" 400 "b == {'non_field_errors': ['User is already registered with this e-mail address.']}"

# 7b. the same email in another case: allauth sees the conflict (iexact) and
# does not auto-signup, but dj-rest-auth's check is case-sensitive
# (filter(email=...)), so login.save(connect=True) creates a second user.
(cd "$here" && "$PYTHON" manage.py seed_user --email Case.Tester@example.com --nickname local_case >"$tmp/seed.log" 2>&1) ||
	{ cat "$tmp/seed.log" >&2; die "manage.py seed_user failed"; }
post -d "access_token=$(token 4300000003)"
expect "email of a local user in another case: a second user (dj-rest-auth quirk)" 200 "b['user']['nickname'] == '대소문자' and b['user']['email'] == 'case.tester@example.com'"

# 8. a token Kakao rejects (/v2/user/me 401).
post -d access_token=not-a-kakao-token
expect "bogus access token" 400 "b == {'non_field_errors': ['Incorrect value']}"

# 9. neither access_token nor code (an id_token alone is not enough).
post -d id_token=x.y.z
expect "no access_token or code" 400 "b == {'non_field_errors': ['Incorrect input. access_token or code is required.']}"

# 10. code flow: the app exchanges the code (user id above 2^53).
redirect=http://localhost:8734/callback
authorize() {
	curl -s -o /dev/null -w '%{redirect_url}' "$mock/oauth/authorize?response_type=code&client_id=$KAKAO_REST_API_KEY&redirect_uri=$redirect&login_hint=$1" |
		sed -n 's/.*[?&]code=\([^&]*\).*/\1/p'
}
code=$(authorize 1376016924429759243)
[ -n "$code" ] || die "the emulator gave no code"
post -d "code=$code" -d "redirect_uri=$redirect"
expect "code + redirect_uri: signup" 200 "jwt(b['access']) and b['user']['nickname'] == '춘식이' and b['user']['email'] == 'choonsik@example.com'"
post -d "code=$code" -d "redirect_uri=$redirect"
expect "code used twice" 400 "b == {'non_field_errors': ['Failed to exchange code for access token']}"

# 11. what allauth stored: uid = str(id), exactly, and no account for conflicts
# (nor for the 500s).
status=200 body=$(cd "$here" && "$PYTHON" manage.py shell -c "
import json
from allauth.socialaccount.models import SocialAccount
print(json.dumps(sorted([a.uid, a.user.nickname] for a in SocialAccount.objects.all())))" 2>&1)
expect "stored social accounts (uid = str(id))" 200 "b == sorted([['3958471203', '김카카오'], ['4029183746', '이동의'], ['1376016924429759243', '춘식이'], ['4300000003', '대소문자']])"

if [ "$fail" -ne 0 ] || [ -n "${SMOKE_VERBOSE:-}" ]; then
	echo "--- the Django example's log (run.sh):" >&2
	tail -n 60 "$tmp/run.log" >&2
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
