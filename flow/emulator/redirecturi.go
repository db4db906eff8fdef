package emulator

import (
	"net"
	"net/url"
	"strings"
)

// redirectTarget returns where /oauth/authorize sends the browser for the
// redirect_uri raw, or nil when raw is not registered (KOE006): the
// registered URI raw equals, or with Config.AnyLoopbackPort, raw itself
// when it differs from a registered loopback URI in its port alone. The
// token endpoint then compares redirect_uri with raw as the code recorded
// it (KOE303), so one port holds for one login.
func (e *Emulator) redirectTarget(raw string) *url.URL {
	if u := e.redirects[raw]; u != nil {
		return u
	}
	if !e.cfg.AnyLoopbackPort {
		return nil
	}
	u, err := url.Parse(raw) // also checks that the port is a number
	if err != nil {
		return nil
	}
	key, ok := loopbackWithoutPort(raw)
	if !ok {
		return nil
	}
	for _, registered := range e.app.RedirectURIs {
		if k, ok := loopbackWithoutPort(registered); ok && k == key {
			return u
		}
	}
	return nil
}

// loopbackWithoutPort returns raw without the port of its authority, and
// whether raw is an absolute URI on a loopback host without userinfo.
// Everything but the port is kept byte for byte:
// "http://127.0.0.1:8734/cb?x=1" gives "http://127.0.0.1/cb?x=1".
func loopbackWithoutPort(raw string) (string, bool) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || scheme == "" {
		return "", false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority := rest[:end]
	if strings.Contains(authority, "@") || !loopbackHost(authority) {
		return "", false
	}
	host := authority
	if h, _, err := net.SplitHostPort(authority); err == nil {
		host = h
		if strings.Contains(h, ":") {
			host = "[" + h + "]"
		}
	}
	return scheme + "://" + host + rest[end:], true
}
