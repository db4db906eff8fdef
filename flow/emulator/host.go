package emulator

import (
	"net"
	"net/http"
	"strings"
)

// loopbackHost reports whether a request's Host header (with or without
// port) names localhost, in any letter case, or a loopback IP. The
// emulator cannot use flow's check: it must not import flow.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// misdirected answers a request for a host the emulator does not serve,
// in the error shape of the server the path belongs to. Kakao has no such
// error: the explanation is the emulator's own.
func misdirected(w http.ResponseWriter, r *http.Request) {
	const msg = "this emulator only serves requests addressed to localhost, 127.0.0.1 or [::1]: one for another host may come from a web page using DNS rebinding"
	if isAuthPath(r.URL.Path) {
		writeAuthError(w, http.StatusMisdirectedRequest, "misdirected_request", msg, "")
		return
	}
	writeAPIError(w, http.StatusMisdirectedRequest, msg, -2)
}
