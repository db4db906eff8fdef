package emulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

const koe237 = `{"error":"invalid_request","error_description":"token request rate limit exceeded","error_code":"KOE237"}`

func TestRateLimitOffByDefault(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	for range 25 {
		v.login("")
	}
}

func TestRateLimitAccessTokensPerTenMinutes(t *testing.T) {
	v := newEnv(t, emulator.Config{RateLimit: true})
	for range 20 {
		v.login("")
		v.clock.Advance(time.Second)
	}
	code := v.code(authParams())
	wantJSON(t, v.tokenRequest(codeForm(code)), http.StatusBadRequest, koe237)
	// Another user has a budget of their own.
	v.login("choonsik@example.com")
	// The window slides: 10 minutes after the first issue, one is free again,
	// and the refused code was not consumed.
	v.clock.Advance(10*time.Minute - 20*time.Second)
	wantJSON(t, v.tokenRequest(codeForm(code)), http.StatusOK, "")
	wantJSON(t, v.tokenRequest(codeForm(v.code(authParams()))), http.StatusBadRequest, koe237)
}

func TestRateLimitCountsRefreshGrants(t *testing.T) {
	v := newEnv(t, emulator.Config{RateLimit: true})
	tk := v.login("")
	for range 19 { // a refresh with two months left issues an access token only
		wantJSON(t, v.tokenRequest(refreshForm(tk.RefreshToken)), http.StatusOK, "")
	}
	wantJSON(t, v.tokenRequest(refreshForm(tk.RefreshToken)), http.StatusBadRequest, koe237)
	v.clock.Advance(10 * time.Minute)
	wantJSON(t, v.tokenRequest(refreshForm(tk.RefreshToken)), http.StatusOK, "")
}

func TestRateLimitRefreshTokensPerHour(t *testing.T) {
	v := newEnv(t, emulator.Config{RateLimit: true})
	// Each login issues a refresh token too: 20, then 10 more once the
	// access token window has moved on, make the hour's 30.
	first := v.login("")
	for range 19 {
		v.login("")
	}
	v.clock.Advance(10 * time.Minute)
	for range 10 {
		v.login("")
	}
	v.clock.Advance(10 * time.Minute) // 0 access tokens in the last 10 minutes
	wantJSON(t, v.tokenRequest(codeForm(v.code(authParams()))), http.StatusBadRequest, koe237)
	// A refresh that doesn't rotate issues no refresh token: allowed.
	wantJSON(t, v.tokenRequest(refreshForm(first.RefreshToken)), http.StatusOK, "")
	v.clock.Advance(40 * time.Minute) // the first 20 refresh tokens leave the hour
	v.login("")
}
