package flow_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// loggedIn logs the default user in against an emulator running on clk
// and returns the client config and the token.
func loggedIn(t *testing.T, clk *emulatortest.Clock) (flow.Config, *flow.Token) {
	t.Helper()
	cfg := anyPortKakao(t, emulatortest.WithClock(clk)).cfg
	res, err := cfg.Login(testContext(t), flow.AuthorizeParams{}, browser)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, res.Token
}

// newClock is a clock for an emulator, standing at a fixed day.
func newClock() *emulatortest.Clock {
	return emulatortest.NewClock(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
}

func wantAPIError(t *testing.T, err error, code int, msgPart string) {
	t.Helper()
	var a *flow.APIError
	if !errors.As(err, &a) || a.Code != code || !strings.Contains(a.Msg, msgPart) {
		t.Fatalf("err = %v, want API error %d containing %q", err, code, msgPart)
	}
}

func TestMeParams(t *testing.T) {
	cfg, tok := loggedIn(t, newClock())
	me, err := cfg.Me(testContext(t), tok.AccessToken, flow.MeParams{PropertyKeys: []string{"kakao_account.email"}, SecureResource: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(me), `"email":"kakao.tester@example.com"`) || strings.Contains(string(me), "nickname") {
		t.Errorf("property_keys not applied: %s", me)
	}
	full, err := cfg.Me(testContext(t), tok.AccessToken, flow.MeParams{SecureResource: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(full), "http://") || !strings.Contains(string(full), "https://") {
		t.Errorf("secure_resource not applied: %s", full)
	}
}

func TestAccessTokenInfoCountsDown(t *testing.T) {
	clk := newClock()
	cfg, tok := loggedIn(t, clk)
	clk.Advance(99 * time.Second)
	info, raw, err := cfg.AccessTokenInfo(testContext(t), tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	if info.ID != 3958471203 || info.ExpiresIn != 21599-99 || info.AppID != emulator.DefaultAppID {
		t.Errorf("info = %+v (%s)", info, raw)
	}
}

func TestExpiredAccessToken(t *testing.T) {
	clk := newClock()
	cfg, tok := loggedIn(t, clk)
	clk.Advance(21600 * time.Second)
	_, err := cfg.Me(testContext(t), tok.AccessToken, flow.MeParams{})
	wantAPIError(t, err, -401, "expired")
	var a *flow.APIError
	errors.As(err, &a)
	if a.Status != 401 {
		t.Errorf("status = %d, want 401", a.Status)
	}
}

func TestRefreshKeepsRefreshTokenWithMoreThanAMonthLeft(t *testing.T) {
	clk := newClock()
	cfg, tok := loggedIn(t, clk)
	clk.Advance(24 * time.Hour)
	next, err := cfg.Refresh(testContext(t), tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if next.RefreshToken != "" || next.AccessToken == "" || next.AccessToken == tok.AccessToken {
		t.Errorf("refresh = %+v, want a new access token and no refresh token", next)
	}
	if _, err := cfg.Refresh(testContext(t), tok.RefreshToken); err != nil {
		t.Errorf("old refresh token no longer works: %v", err)
	}
}

func TestRefreshRotatesInTheLastMonth(t *testing.T) {
	clk := newClock()
	cfg, tok := loggedIn(t, clk)
	clk.Advance(31 * 24 * time.Hour) // 29 days left of 60
	next, err := cfg.Refresh(testContext(t), tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if next.RefreshToken == "" || next.RefreshToken == tok.RefreshToken || next.RefreshTokenExpiresIn != 5183999 {
		t.Fatalf("refresh = %+v, want a rotated refresh token", next)
	}
	_, err = cfg.Refresh(testContext(t), tok.RefreshToken)
	var a *flow.AuthError
	if !errors.As(err, &a) || a.Code != "KOE322" {
		t.Errorf("old refresh token after rotation: %v, want KOE322", err)
	}
}

func TestRefreshErrors(t *testing.T) {
	cfg, _ := loggedIn(t, newClock())
	_, err := cfg.Refresh(testContext(t), "unknown")
	var a *flow.AuthError
	if !errors.As(err, &a) || a.Code != "KOE322" || a.Status != 400 {
		t.Errorf("Refresh(unknown) = %v, want KOE322", err)
	}
	if _, err := cfg.Refresh(testContext(t), ""); err == nil || errors.As(err, &a) {
		t.Errorf("Refresh(\"\") = %v, want a local error before any request", err)
	}
}

func TestLogoutRevokesTokens(t *testing.T) {
	cfg, tok := loggedIn(t, newClock())
	body, err := cfg.Logout(testContext(t), tok.AccessToken)
	if err != nil || string(body) != `{"id":3958471203}` {
		t.Fatalf("Logout = %s, %v", body, err)
	}
	_, err = cfg.Me(testContext(t), tok.AccessToken, flow.MeParams{})
	wantAPIError(t, err, -401, "")
	_, err = cfg.Refresh(testContext(t), tok.RefreshToken)
	var a *flow.AuthError
	if !errors.As(err, &a) || a.Code != "KOE322" {
		t.Errorf("refresh after logout: %v, want KOE322", err)
	}
}

func TestUnlinkRevokesTokens(t *testing.T) {
	cfg, tok := loggedIn(t, newClock())
	body, err := cfg.Unlink(testContext(t), tok.AccessToken)
	if err != nil || string(body) != `{"id":3958471203}` {
		t.Fatalf("Unlink = %s, %v", body, err)
	}
	_, _, err = cfg.AccessTokenInfo(testContext(t), tok.AccessToken)
	wantAPIError(t, err, -401, "")
}

func TestKOE320MessageCutsTheCode(t *testing.T) {
	cfg, _ := loggedIn(t, newClock())
	code := "Aq0FvR0rbKsAmFQYl_Nt7tUsngr803DpGWmV-oF1D7kmMyGWxlYJ9AAAAAQ"
	_, err := cfg.Exchange(testContext(t), code, "verifier-0123456789-0123456789-0123456789-0123", cfg.RedirectURI)
	var a *flow.AuthError
	if !errors.As(err, &a) || a.Code != "KOE320" {
		t.Fatalf("err = %v, want KOE320", err)
	}
	if msg := err.Error(); strings.Contains(msg, code) || !strings.Contains(msg, "code=Aq0FvR…") {
		t.Errorf("message %q, want the code cut to a prefix", msg)
	}
}

func TestAPIErrorEscapesControlCharacters(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"msg":"\u001b]0;pwned\u0007","code":-401}`)
	}))
	defer srv.Close()
	cfg := flow.Config{ClientID: emulator.DefaultClientID, APIURL: srv.URL}
	_, err := cfg.Me(testContext(t), "token", flow.MeParams{})
	wantAPIError(t, err, -401, "pwned")
	if msg := err.Error(); strings.ContainsAny(msg, "\x1b\x07") || !strings.Contains(msg, `API error -401: \x1b]0;pwned\x07`) {
		t.Errorf("message %q, want ESC and BEL escaped", msg)
	}
}

// jsonOfSize is a valid JSON object of exactly n bytes.
func jsonOfSize(n int) string {
	const head, tail = `{"id":3958471203,"properties":{"pad":"`, `"}}`
	return head + strings.Repeat("x", n-len(head)-len(tail)) + tail
}

// serveBody answers every request with status and body as JSON.
func serveBody(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestLargeProfileIsReportedAsOverTheLimit(t *testing.T) {
	const limit = 4 << 20
	for _, status := range []int{200, 401} {
		cfg := flow.Config{ClientID: emulator.DefaultClientID, APIURL: serveBody(t, status, jsonOfSize(limit+1))}
		_, err := cfg.Me(testContext(t), "token", flow.MeParams{})
		var p *flow.ProtocolError
		if !errors.As(err, &p) || !strings.Contains(err.Error(), "over the 4 MiB limit") || strings.Contains(err.Error(), "not JSON") {
			t.Errorf("HTTP %d, 4 MiB + 1 byte: err = %v, want a ProtocolError naming the 4 MiB limit", status, err)
		}
	}
	cfg := flow.Config{ClientID: emulator.DefaultClientID, APIURL: serveBody(t, 200, jsonOfSize(limit))}
	if me, err := cfg.Me(testContext(t), "token", flow.MeParams{}); err != nil || len(me) != limit {
		t.Errorf("exactly 4 MiB: %d bytes, %v; want it read whole", len(me), err)
	}
}

func TestLargeTokenAnswerIsReportedAsOverTheLimit(t *testing.T) {
	const limit = 1 << 20
	big := `{"access_token":"AT-0123456789","token_type":"bearer","expires_in":21599,"pad":"` + strings.Repeat("x", limit) + `"}`
	cfg := flow.Config{ClientID: emulator.DefaultClientID, AuthURL: serveBody(t, 200, big)}
	_, err := cfg.Refresh(testContext(t), "refresh-token")
	var p *flow.ProtocolError
	if !errors.As(err, &p) || !strings.Contains(err.Error(), "over the 1 MiB limit") || strings.Contains(err.Error(), "malformed") {
		t.Errorf("err = %v, want a ProtocolError naming the 1 MiB limit", err)
	}
}
