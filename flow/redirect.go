package flow

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
)

// ParseRedirectURI checks that raw is an http URL on a loopback host with
// an explicit port and returns it. Port 0 means "any free port" and is only
// useful against an emulator, since Kakao needs the exact URI registered.
// Errors name the problem: not http, no port, or ErrNotLoopback.
func ParseRedirectURI(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("redirect URI %q: %w", raw, err)
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("redirect URI %q: scheme must be http (the callback server is plain HTTP on loopback)", raw)
	}
	if !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("redirect URI %q: %w", raw, ErrNotLoopback)
	}
	port := u.Port()
	if port == "" {
		return nil, fmt.Errorf("redirect URI %q: give an explicit port, e.g. http://localhost:8734/callback", raw)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return nil, fmt.Errorf("redirect URI %q: port %q is not a number from 0 to 65535", raw, port)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("redirect URI %q: must not carry a query or fragment (Kakao forbids variable parts; state carries per-login data)", raw)
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
