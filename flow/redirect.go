package flow

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
)

// ErrBadRedirectURI is wrapped by every error about the redirect URI
// itself (scheme, host, port, query), so callers can treat all of them as
// a configuration problem.
var ErrBadRedirectURI = errors.New("bad redirect URI")

func badRedirect(raw, format string, args ...any) error {
	return fmt.Errorf("redirect URI %q: %s: %w", raw, fmt.Sprintf(format, args...), ErrBadRedirectURI)
}

// ParseRedirectURI checks that raw is an http URL on a loopback host with
// an explicit port and returns it. Port 0 means "any free port" and is only
// useful against an emulator, since Kakao needs the exact URI registered.
// The URL is returned as parsed: its string form may differ from raw, and
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
	if !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("redirect URI %q: %w: %w", raw, ErrNotLoopback, ErrBadRedirectURI)
	}
	port := u.Port()
	if port == "" {
		return nil, badRedirect(raw, "give an explicit port, e.g. http://localhost:8734/callback")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return nil, badRedirect(raw, "port %q is not a number from 0 to 65535", port)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, badRedirect(raw, "must not carry a query or fragment (Kakao forbids variable parts; state carries per-login data)")
	}
	return u, nil
}

// IsLoopbackHost reports whether host is localhost or a loopback IP.
func IsLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
