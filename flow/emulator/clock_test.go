package emulator_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// These tests move time only through POST /_emulator/clock, the way a
// test suite outside Go does.

func TestClockEndpoint(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	wantJSON(t, v.admin("GET", "/_emulator/clock", ""), http.StatusOK, `{"now":"2026-03-01T09:00:00Z","offset":"0s"}`)
	wantJSON(t, v.admin("POST", "/_emulator/clock", `{"advance":"6h"}`), http.StatusOK, `{"now":"2026-03-01T15:00:00Z","offset":"6h0m0s"}`)
	v.clock.Advance(1) // Config.Now moves on too: the offset adds to it
	wantJSON(t, v.admin("GET", "/_emulator/clock", ""), http.StatusOK, `{"now":"2026-03-01T15:00:00.000000001Z","offset":"6h0m0s"}`)
	for _, body := range []string{`{"advance":"-1h"}`, `{"advance":"0s"}`, `{"advance":"9000h"}`, `{"advance":"soon"}`, `{}`} {
		res := v.admin("POST", "/_emulator/clock", body)
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, `"code":-2`) {
			t.Errorf("advance %s: %d %s", body, res.status, res.body)
		}
	}
}

func TestClockExpiresCode(t *testing.T) {
	v := newEnv(t, emulator.Config{CodeTTL: 30 * time.Second})
	code := v.code(authParams())
	v.adminOK("POST", "/_emulator/clock", `{"advance":"30s"}`, http.StatusOK)
	wantJSON(t, v.tokenRequest(codeForm(code)), http.StatusBadRequest,
		`{"error":"invalid_grant","error_description":"authorization code not found for code=`+code+`","error_code":"KOE320"}`)
}

func TestClockExpiresAccessToken(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	v.adminOK("POST", "/_emulator/clock", `{"advance":"5h59m58s"}`, http.StatusOK)
	wantJSON(t, v.api("GET", "/v1/user/access_token_info", tk.AccessToken, ""), http.StatusOK,
		`{"id":3958471203,"expires_in":1,"app_id":1234567}`)
	v.adminOK("POST", "/_emulator/clock", `{"advance":"1s"}`, http.StatusOK)
	wantJSON(t, v.api("GET", "/v2/user/me", tk.AccessToken, ""), http.StatusUnauthorized,
		`{"msg":"this access token is already expired","code":-401}`)
}

func TestClockReachesRotationAndExpiresRefreshToken(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	v.adminOK("POST", "/_emulator/clock", `{"advance":"720h"}`, http.StatusOK) // 30 days: 29 left, rotate
	res := v.tokenRequest(refreshForm(tk.RefreshToken))
	if !refreshRotate.MatchString(res.body) {
		t.Fatalf("refresh in the last month: %s", res.body)
	}
	rotated := decodeTokens(t, res.body)
	v.adminOK("POST", "/_emulator/clock", `{"advance":"1440h"}`, http.StatusOK) // 60 days
	wantJSON(t, v.tokenRequest(refreshForm(rotated.RefreshToken)), http.StatusBadRequest, koe322)
}

func TestAdvanceGoAPI(t *testing.T) {
	e := newEmulator(t, emulator.Config{})
	before := e.Now()
	if err := e.Advance(-1); err == nil {
		t.Error("Advance(-1) accepted")
	}
	if err := e.Advance(time.Hour); err != nil {
		t.Fatal(err)
	}
	if d := e.Now().Sub(before); d < time.Hour {
		t.Errorf("Now moved %v", d)
	}
}
