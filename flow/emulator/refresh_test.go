package emulator_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

const day = 24 * time.Hour

func refreshForm(rt string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "client_id": {emulator.DefaultClientID}, "refresh_token": {rt}}
}

const koe322 = `{"error":"invalid_grant","error_description":"expired_or_invalid_refresh_token","error_code":"KOE322"}`

var (
	refreshKeep   = regexp.MustCompile(`^\{"access_token":"[A-Za-z0-9_-]{64}","token_type":"bearer","expires_in":21599\}$`)
	refreshRotate = regexp.MustCompile(`^\{"access_token":"[A-Za-z0-9_-]{64}","token_type":"bearer","refresh_token":"[A-Za-z0-9_-]{64}","refresh_token_expires_in":5183999,"expires_in":21599\}$`)
)

func TestRefreshKeepsRefreshTokenWithMonthLeft(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	v.clock.Advance(29 * day) // 31 days left
	res := v.tokenRequest(refreshForm(tk.RefreshToken))
	wantJSON(t, res, http.StatusOK, "")
	if !refreshKeep.MatchString(res.body) {
		t.Errorf("body %s, want no refresh_token", res.body)
	}
	// The old refresh token stays valid; the old access token too (until expiry).
	wantJSON(t, v.tokenRequest(refreshForm(tk.RefreshToken)), http.StatusOK, "")
	var nt tokens
	_ = json.Unmarshal([]byte(res.body), &nt)
	wantJSON(t, v.api("GET", "/v1/user/access_token_info", nt.AccessToken, ""), http.StatusOK,
		`{"id":3958471203,"expires_in":21599,"app_id":1234567}`)
}

func TestRefreshRotatesInLastMonth(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	v.clock.Advance(31 * day) // 29 days left
	early := v.tokenRequest(refreshForm(tk.RefreshToken))
	if !refreshRotate.MatchString(early.body) {
		t.Fatalf("body %s, want a new refresh token in Kakao's field order", early.body)
	}
	var nt tokens
	_ = json.Unmarshal([]byte(early.body), &nt)
	wantJSON(t, v.tokenRequest(refreshForm(tk.RefreshToken)), http.StatusBadRequest, koe322)
	// Access tokens issued from the old refresh token stay valid until they expire.
	wantJSON(t, v.api("GET", "/v1/user/access_token_info", nt.AccessToken, ""), http.StatusOK, "")
	res := v.tokenRequest(refreshForm(nt.RefreshToken))
	if !refreshKeep.MatchString(res.body) {
		t.Errorf("fresh refresh token: %s", res.body)
	}
}

func TestRefreshErrors(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	f := refreshForm("")
	f.Del("refresh_token")
	res := v.tokenRequest(f)
	wantJSON(t, res, http.StatusBadRequest, "")
	if m := decode(t, res.body); m["error"] != "invalid_grant" || m["error_code"] != "KOE319" {
		t.Errorf("missing refresh_token: %s", res.body)
	}
	wantJSON(t, v.tokenRequest(refreshForm("not-a-token")), http.StatusBadRequest, koe322)
	v.clock.Advance(emulator.DefaultRefreshTokenTTL)
	wantJSON(t, v.tokenRequest(refreshForm(tk.RefreshToken)), http.StatusBadRequest, koe322)
}

func TestRefreshRequiresClientSecret(t *testing.T) {
	v := newEnv(t, emulator.Config{App: emulator.App{ClientSecret: "secret"}})
	f := codeForm(v.code(authParams()))
	f.Set("client_secret", "secret")
	var tk tokens
	_ = json.Unmarshal([]byte(v.tokenRequest(f).body), &tk)
	wantJSON(t, v.tokenRequest(refreshForm(tk.RefreshToken)), http.StatusUnauthorized,
		`{"error":"invalid_client","error_description":"Bad client credentials","error_code":"KOE010"}`)
	f = refreshForm(tk.RefreshToken)
	f.Set("client_secret", "secret")
	wantJSON(t, v.tokenRequest(f), http.StatusOK, "")
}
