package cmd

import (
	"fmt"
	"io"
	"time"

	"github.com/kakaologin/kakaologin/flow"
)

// maxLifetime bounds the lifetime a server may claim for a token. Kakao's
// are hours (access) and months (refresh); beyond this the number is a bug
// or a hostile server, and time.Duration would overflow past ~292 years.
const maxLifetime = 10 * 365 * 24 * time.Hour

// expiryAt is now plus seconds, truncated to the second, kept between now
// and now+maxLifetime; ok is false when seconds was outside those bounds.
func expiryAt(now time.Time, seconds int64) (at time.Time, ok bool) {
	now = now.UTC().Truncate(time.Second)
	switch {
	case seconds < 0:
		return now, false
	case seconds > int64(maxLifetime/time.Second): // compared before multiplying: no overflow
		return now.Add(maxLifetime), false
	}
	return now.Add(time.Duration(seconds) * time.Second), true
}

// warnLifetime tells w when expiryAt had to bound a lifetime the server
// sent as field.
func warnLifetime(w io.Writer, field string, seconds int64, now time.Time) {
	if at, ok := expiryAt(now, seconds); !ok {
		fmt.Fprintf(w, "Warning: the server sent %s %d, outside 0 to 10 years: its expiry is taken as %s.\n", field, seconds, at.Format(time.RFC3339))
	}
}

// lifetimeWarnings warns about each lifetime of a token response that
// savedFrom bounds.
func lifetimeWarnings(w io.Writer, tok *flow.Token, now time.Time) {
	warnLifetime(w, "expires_in", tok.ExpiresIn, now)
	if tok.RefreshTokenExpiresIn > 0 {
		warnLifetime(w, "refresh_token_expires_in", tok.RefreshTokenExpiresIn, now)
	}
}
