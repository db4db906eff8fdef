package flow

import (
	"net/url"
	"strconv"
	"unicode/utf8"
)

// ignoredHeader marks the page of an ignored answer, so that a headless
// client knows no login will follow from it.
const ignoredHeader = "Kakaologin-Callback"

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
