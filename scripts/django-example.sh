#!/usr/bin/env bash
# django-example.sh: build kakaologin and run examples/django-allauth/smoke.sh
# with it (the Django + django-allauth example against `kakaologin mock`).
# Needs Debian's python3-django, python3-django-allauth,
# python3-djangorestframework and python3-djangorestframework-simplejwt.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$(mktemp -d "${TMPDIR:-/tmp}/kakaologin-django.XXXXXX")
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/kakaologin" .)
"$root/examples/django-allauth/smoke.sh" "$bin/kakaologin"
