#!/usr/bin/env bash
# run.sh [PORT]: the django-allauth example on http://127.0.0.1:PORT (default
# 8000), on a fresh SQLite database in a temporary directory.
#
# Migrates, starts Django's dev server (no autoreload, one process), waits
# until it answers, prints one line on stdout:
#
#   ready http://127.0.0.1:PORT db=/tmp/.../db.sqlite3
#
# and serves until killed (SIGTERM/SIGINT stop the server and remove the
# temporary directory). Kakao settings come from the environment
# (KAKAO_REST_API_KEY, KAKAO_CLIENT_SECRET, KAKAO_AUTH_URL, KAKAO_API_URL; see
# kakaobackend/settings.py). DJANGO_DB_PATH, when set, is used (and kept)
# instead of the temporary database.
#
# Uses Debian's /usr/bin/python3 (override with PYTHON=...): python3-django,
# python3-django-allauth, python3-djangorestframework and
# python3-djangorestframework-simplejwt are installed for it, not for a pyenv
# or virtualenv python that may come first on PATH.
set -euo pipefail

port=${1:-8000}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}

die() { echo "run.sh: $*" >&2; exit 1; }

case $port in '' | *[!0-9]*) die "PORT must be a number, got '$port'" ;; esac

if ! "$PYTHON" -c 'import django, allauth, rest_framework, rest_framework_simplejwt' 2>/dev/null; then
	die "$PYTHON cannot import django/allauth/rest_framework/rest_framework_simplejwt.
Install Debian's packages (as root):
  apt-get install -y python3-django python3-django-allauth python3-djangorestframework python3-djangorestframework-simplejwt"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/django-allauth-example.XXXXXX")
export DJANGO_DB_PATH=${DJANGO_DB_PATH:-$tmp/db.sqlite3}
server=
cleanup() {
	trap '' TERM INT # a second signal must not cut the cleanup short
	if [ -n "$server" ]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

cd "$here"
"$PYTHON" manage.py migrate --noinput >"$tmp/migrate.log" 2>&1 ||
	{ cat "$tmp/migrate.log" >&2; die "migrate failed"; }

"$PYTHON" manage.py runserver --noreload "127.0.0.1:$port" &
server=$!

# Ready when the login endpoint answers anything (a GET is 405).
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
	if "$PYTHON" - "$url/accounts/kakao/login/finish/" <<'EOF' 2>/dev/null; then
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1], timeout=1)
except urllib.error.HTTPError:
    pass
EOF
		echo "ready $url db=$DJANGO_DB_PATH"
		wait "$server"
		exit $?
	fi
	kill -0 "$server" 2>/dev/null || die "the server exited before answering (port $port taken?)"
	sleep 0.1
done
die "the server did not answer on $url within 10s"
