#!/usr/bin/env bash
# django-example.sh: build kakaologin and run the Django + django-allauth
# example (examples/django-allauth) against `kakaologin mock` with it:
#
#   smoke.sh          every case the example documents, posted with curl
#   compare-rules.sh  does `kakaologin --rules seed` predict the backend?
#   ci-smoke.sh       the README's CI recipe: kakaologin mock -- the steps
#
# All three run even when one fails. The last line sums them, "N passed,
# M failed" (an agreement of compare-rules.sh counts as passed, a script that
# stopped before its summary as one failure); exit 1 when anything failed.
# Needs Debian's python3-django, python3-django-allauth,
# python3-djangorestframework and python3-djangorestframework-simplejwt
# (scripts/deps.sh installs them): without them each script fails saying so.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$(mktemp -d "${TMPDIR:-/tmp}/kakaologin-django.XXXXXX")
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/kakaologin" .) || exit 1

passed=0 failed=0 status=0
for script in smoke.sh compare-rules.sh ci-smoke.sh; do
	echo "== examples/django-allauth/$script"
	"$root/examples/django-allauth/$script" "$bin/kakaologin" | tee "$bin/out"
	rc=${PIPESTATUS[0]}
	if [[ $(tail -n 1 "$bin/out") =~ ^([0-9]+)\ (passed|agree),\ ([0-9]+)\ (failed|disagree)$ ]]; then
		p=${BASH_REMATCH[1]} f=${BASH_REMATCH[3]}
	else
		p=0 f=0
	fi
	# A failure the script did not count (a setup problem, a signal).
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p)) failed=$((failed + f))
	[ "$rc" -eq 0 ] || status=1
	# Interrupted: stop here, as the scripts did.
	case $rc in 130 | 143) echo "$passed passed, $failed failed"; exit "$rc" ;; esac
done
echo "$passed passed, $failed failed"
exit "$status"
