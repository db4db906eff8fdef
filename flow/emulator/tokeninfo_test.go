package emulator_test

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// idTokenInfo posts id_token to /oauth/tokeninfo.
func (v *env) idTokenInfo(idToken string) response {
	v.t.Helper()
	return v.do("POST", "/oauth/tokeninfo", formHeader, url.Values{"id_token": {idToken}}.Encode())
}

// tokenInfoError is the body of a /oauth/tokeninfo error.
func tokenInfoError(code, desc string) string {
	return `{"error":"invalid_token","error_description":"` + desc + `","error_code":"` + code + `"}`
}

func TestTokenInfoReturnsThePayload(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk, _ := v.oidcLogin("")
	wantJSON(t, v.idTokenInfo(tk.IDToken), http.StatusOK, payloadOf(t, tk.IDToken))
}

func TestTokenInfoMalformedKOE400(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	wantJSON(t, v.do("POST", "/oauth/tokeninfo", formHeader, ""), http.StatusBadRequest,
		tokenInfoError("KOE400", "id_token is required"))
	tk, _ := v.oidcLogin("")
	head, rest, _ := strings.Cut(tk.IDToken, ".")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + rest
	hs := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256"}`)) + "." + rest
	for _, bad := range []string{"not-a-jwt", head + ".", none, hs, tk.IDToken + ".x"} {
		wantJSON(t, v.idTokenInfo(bad), http.StatusBadRequest,
			tokenInfoError("KOE400", "invalid id_token: not an RS256 JWT"))
	}
}

func TestTokenInfoBadSignatureKOE402(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk, _ := v.oidcLogin("")
	parts := strings.Split(tk.IDToken, ".")
	forged := strings.Replace(payloadOf(t, tk.IDToken), `"sub":"3958471203"`, `"sub":"4120567891"`, 1)
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(forged))
	want := tokenInfoError("KOE402", "invalid id_token signature")
	wantJSON(t, v.idTokenInfo(strings.Join(parts, ".")), http.StatusBadRequest, want)

	// Signed by another emulator's key (same issuer, same app).
	other := newEnv(t, emulator.Config{SigningKey: sharedKey(), Issuer: v.srv.URL})
	otk, _ := other.oidcLogin("")
	wantJSON(t, v.idTokenInfo(otk.IDToken), http.StatusBadRequest, want)
}

func TestTokenInfoForeignIssuerOrAudienceKOE401(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk, _ := v.oidcLogin("")
	// The same token checked through another origin of the same server:
	// its iss is not the issuer seen there.
	local := strings.Replace(v.srv.URL, "127.0.0.1", "localhost", 1)
	req, err := http.NewRequestWithContext(v.ctx, "POST", v.srv.URL+"/oauth/tokeninfo",
		strings.NewReader(url.Values{"id_token": {tk.IDToken}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = formHeader.Clone()
	req.Host = strings.TrimPrefix(local, "http://")
	res, err := v.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	want := tokenInfoError("KOE401", "invalid id_token issuer ["+v.srv.URL+"], expected ["+local+"]")
	if res.StatusCode != http.StatusBadRequest || string(body) != want {
		t.Errorf("other origin: %d %s\nwant %s", res.StatusCode, body, want)
	}

	// Same key and issuer, another app's REST API key.
	const iss = "https://kauth.emulator.test"
	app := emulator.App{ClientID: "0123456789abcdef0123456789abcdef"}
	mine := newEnv(t, emulator.Config{SigningKey: sharedKey(), Issuer: iss})
	foreign := newEnv(t, emulator.Config{SigningKey: sharedKey(), Issuer: iss, App: app})
	q := authParams("scope", "openid", "client_id", app.ClientID)
	f := codeForm(foreign.code(q))
	f.Set("client_id", app.ClientID)
	ftk := decodeTokens(t, foreign.tokenRequest(f).body)
	wantJSON(t, mine.idTokenInfo(ftk.IDToken), http.StatusBadRequest,
		tokenInfoError("KOE401", "invalid id_token audience ["+app.ClientID+"], expected ["+emulator.DefaultClientID+"]"))
	// Whereas the issuing emulator accepts it.
	wantJSON(t, foreign.idTokenInfo(ftk.IDToken), http.StatusOK, payloadOf(t, ftk.IDToken))
}

func TestTokenInfoExpiredKOE403(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk, _ := v.oidcLogin("")
	v.clock.Advance(emulator.DefaultAccessTokenTTL - 1)
	wantJSON(t, v.idTokenInfo(tk.IDToken), http.StatusOK, "")
	v.clock.Advance(1)
	wantJSON(t, v.idTokenInfo(tk.IDToken), http.StatusBadRequest, tokenInfoError("KOE403", "expired id_token"))
}

func TestTokenInfoWrongMethod(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.do("GET", "/oauth/tokeninfo", nil, "")
	wantJSON(t, res, http.StatusMethodNotAllowed, "")
	if res.header.Get("Allow") != "POST" {
		t.Errorf("Allow = %q", res.header.Get("Allow"))
	}
}
