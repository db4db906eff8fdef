package flow

import (
	"net"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ignoredHeader marks the page of an ignored answer, so that a headless
// client knows no login will follow from it.
const ignoredHeader = "Kakaologin-Callback"

// loopbackHostHeader reports whether a request's Host names a loopback
// address (with or without port), as every browser following the
// redirect URI sends it. Any other name means the request reached the port
// some other way, such as a DNS-rebinding page.
func loopbackHostHeader(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	return IsLoopbackHost(host)
}

// ignoredReason says, for an OnIgnored report, why an answer was ignored
// and what it carried. Whatever the request supplied is quoted.
func ignoredReason(q url.Values) string {
	why := "it carried another login's state"
	if !q.Has("state") {
		why = "it carried no state"
	}
	switch e := q.Get("error"); {
	case e != "":
		what := "error " + quoteUntrusted(e)
		if d := q.Get("error_description"); d != "" {
			what += ": " + quoteUntrusted(d)
		}
		return why + " (" + what + ")"
	case q.Get("code") != "":
		return why + " (an authorization code)"
	}
	return why
}

// maxQuoted bounds how much of a value a report repeats.
const maxQuoted = 120

// quoteUntrusted quotes s as a Go string literal, so that control
// characters (terminal escapes, newlines) and invalid UTF-8 are shown
// escaped, never acted on; s is cut to maxQuoted bytes first.
func quoteUntrusted(s string) string {
	if len(s) > maxQuoted {
		cut := maxQuoted
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "..."
	}
	return strconv.Quote(s)
}
