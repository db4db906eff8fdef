package emulator

import (
	"net/http"
	"time"
)

// Kakao's per-user token issuance limits (Kakao's quota docs, Kakao's quota
// page): tokens issued by code and refresh grants together.
const (
	accessTokenLimit   = 20
	accessTokenWindow  = 10 * time.Minute
	refreshTokenLimit  = 30
	refreshTokenWindow = time.Hour
)

// window holds the issue times of one kind of token within its span,
// oldest first; it never holds more than its limit.
type window []time.Time

// full drops times older than span and reports whether limit are left.
func (w *window) full(now time.Time, span time.Duration, limit int) bool {
	i := 0
	for i < len(*w) && !now.Before((*w)[i].Add(span)) {
		i++
	}
	*w = append((*w)[:0], (*w)[i:]...)
	return len(*w) >= limit
}

// issuance is a user's recent token issues, for the rate limit.
type issuance struct{ access, refresh window }

// overLimit reports whether issuing an access token (and a refresh token,
// when withRefresh) to a at now would pass Kakao's limit. Always false
// unless Config.RateLimit. Caller holds e.mu.
func (e *Emulator) overLimit(a *account, now time.Time, withRefresh bool) bool {
	if !e.cfg.RateLimit {
		return false
	}
	return a.issued.access.full(now, accessTokenWindow, accessTokenLimit) ||
		withRefresh && a.issued.refresh.full(now, refreshTokenWindow, refreshTokenLimit)
}

// countIssue records tokens issued to a at now for the rate limit.
// Caller holds e.mu.
func (e *Emulator) countIssue(a *account, now time.Time, withRefresh bool) {
	if !e.cfg.RateLimit {
		return
	}
	a.issued.access = append(a.issued.access, now)
	if withRefresh {
		a.issued.refresh = append(a.issued.refresh, now)
	}
}

// writeRateLimited answers KOE237 as Kakao does (the status is
// the best reading of Kakao's docs; some clients also check 429).
func writeRateLimited(w http.ResponseWriter) {
	writeAuthError(w, http.StatusBadRequest, "invalid_request", "token request rate limit exceeded", "KOE237")
}
