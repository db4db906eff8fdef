#!/usr/bin/env bash
# Installs the Debian packages the tests need, when they are missing:
# curl and Django + django-allauth + DRF + simplejwt for the example backend
# (examples/django-allauth), used by Debian's /usr/bin/python3; Chromium
# for the browser tests (browsertest/, /usr/bin/chromium) and a Korean font
# (fonts-nanum) so that the emulator's pages render, and their screenshots
# show, Korean text rather than empty boxes.
# As root it runs apt-get; otherwise it prints the command and fails, since a
# test that needs a missing tool must fail saying so, never skip.
set -euo pipefail

debs=(curl python3-django python3-django-allauth python3-djangorestframework python3-djangorestframework-simplejwt
  chromium fonts-nanum)

have_all() {
  command -v curl >/dev/null &&
    [ -x /usr/bin/chromium ] &&
    [ -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] &&
    /usr/bin/python3 -c 'import django, allauth, rest_framework, rest_framework_simplejwt' 2>/dev/null
}

have_all && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "deps.sh: missing Debian packages; install them as root:" >&2
  echo "  apt-get update && apt-get install -y ${debs[*]}" >&2
  exit 1
fi
echo "deps.sh: installing ${debs[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
have_all || { echo "deps.sh: packages installed but /usr/bin/chromium, the Nanum font or Django/allauth for /usr/bin/python3 is still missing" >&2; exit 1; }
