package flow

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// ErrBadRedirectURI is wrapped by every error about the redirect URI
// itself (scheme, host, port, query), so callers can treat all of them as
// a configuration problem.
var ErrBadRedirectURI = errors.New("bad redirect URI")

func badRedirect(raw, format string, args ...any) error {
	return fmt.Errorf("redirect URI %q: %s: %w", raw, fmt.Sprintf(format, args...), ErrBadRedirectURI)
}

// ParseRedirectURI checks that raw is an http URL on a loopback host with
// an explicit port, without userinfo, query or fragment, and returns it.
// Port 0 means "any free port" and is only useful against an emulator,
// since Kakao needs the exact URI registered; a port with a leading zero is
// refused, since the port listened on would not be the one written. The
// URL is returned as parsed: its string form may differ from raw, and
// Kakao compares redirect URIs as strings, so send raw itself.
// Errors wrap ErrBadRedirectURI (and ErrNotLoopback for a foreign host).
func ParseRedirectURI(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, badRedirect(raw, "%v", errors.Unwrap(err))
	}
	if u.Scheme != "http" {
		return nil, badRedirect(raw, "scheme must be http (the callback server is plain HTTP on loopback)")
	}
	if u.User != nil {
		// Browsers drop or refuse userinfo on redirects, and a password
		// here would be printed wherever the URI is.
		return nil, badRedirect(u.Redacted(), "must not carry a user name or password")
	}
	if !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("redirect URI %q: %w: %w", raw, ErrNotLoopback, ErrBadRedirectURI)
	}
	port := u.Port()
	if port == "" {
		return nil, badRedirect(raw, "give an explicit port, e.g. http://localhost:8734/callback")
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return nil, badRedirect(raw, "port %q is not a number from 0 to 65535", port)
	}
	if strconv.Itoa(n) != port {
		return nil, badRedirect(raw, "port %q has a leading zero: write it as %d", port, n)
	}
	// An empty "?" or "#" parses to nothing but still makes the string
	// differ from a registered URI without it.
	if strings.ContainsAny(raw, "?#") {
		return nil, badRedirect(raw, "must not carry a query or fragment (Kakao forbids variable parts; state carries per-login data)")
	}
	return u, nil
}

// IsLoopbackHost reports whether host (without port or brackets) is
// localhost, in any letter case, or a loopback IP.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
