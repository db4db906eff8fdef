# preflight.sh: sourced by smoke.sh and compare-rules.sh. Sets PYTHON
# (Debian's /usr/bin/python3 unless given) and kl (the kakaologin binary,
# $1), fails (exit 2, never a skip) when a tool or Debian package the
# scripts need is missing, and defines die and free_port.
PYTHON=${PYTHON:-/usr/bin/python3}
export PYTHON
die() { echo "$(basename "$0"): FATAL: $*" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: $0 PATH/TO/kakaologin"
kl=$1
[ -x "$kl" ] || die "$kl is not an executable kakaologin binary (build one: go build -o /tmp/kakaologin .)"
command -v curl >/dev/null || die "curl is not installed (apt-get install -y curl)"
[ -x "$PYTHON" ] || die "$PYTHON not found: install Debian's python3 (apt-get install -y python3)"
if ! "$PYTHON" -c 'import django, allauth, rest_framework, rest_framework_simplejwt' 2>/dev/null; then
	die "$PYTHON cannot import the Django packages. Install them (as root):
  apt-get install -y python3-django python3-django-allauth python3-djangorestframework python3-djangorestframework-simplejwt"
fi

# free_port is a loopback TCP port free a moment ago.
free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
