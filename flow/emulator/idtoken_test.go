package emulator_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

const (
	fullThumb = "http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_110x110.jpg"
	fullEmail = "kakao.tester@example.com"
)

// oidcTokenBody matches a code-grant body with an id_token: right after
// token_type (Kakao's F1b), the rest in the order of F1, openid in scope.
var oidcTokenBody = regexp.MustCompile(`^\{"access_token":"[A-Za-z0-9_-]{64}","token_type":"bearer","id_token":"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+","refresh_token":"[A-Za-z0-9_-]{64}","expires_in":21599,"scope":"account_email openid profile_image profile_nickname","refresh_token_expires_in":5183999\}$`)

func TestIDTokenVerifiedByGoOIDCThroughDiscovery(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	authAt := v.clock.Now().Unix()
	code := v.code(authParams("scope", "openid", "nonce", testNonce))
	v.clock.Advance(3 * time.Second) // auth_time is the authorize time, iat the exchange time
	res := v.tokenRequest(codeForm(code))
	wantJSON(t, res, http.StatusOK, "")
	if !oidcTokenBody.MatchString(res.body) {
		t.Fatalf("body %s does not match %s", res.body, oidcTokenBody)
	}
	raw := decodeTokens(t, res.body).IDToken

	// go-oidc finds the JWKS and the issuer through the discovery document.
	p, err := oidc.NewProvider(v.ctx, v.srv.URL)
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: emulator.DefaultClientID, Now: v.clock.Now}).Verify(v.ctx, raw)
	if err != nil {
		t.Fatalf("go-oidc: %v", err)
	}
	if idt.Issuer != v.srv.URL || idt.Subject != "3958471203" || idt.Nonce != testNonce {
		t.Errorf("iss %q sub %q nonce %q", idt.Issuer, idt.Subject, idt.Nonce)
	}
	// The payload in the order of Kakao's example, with nonce after iat.
	iat := authAt + 3
	want := fmt.Sprintf(`{"aud":%q,"sub":"3958471203","auth_time":%d,"iss":%q,"exp":%d,"iat":%d,"nonce":%q,"nickname":"김카카오","picture":%q,"email":%q}`,
		emulator.DefaultClientID, authAt, v.srv.URL, iat+21599, iat, testNonce, fullThumb, fullEmail)
	if got := payloadOf(t, raw); got != want {
		t.Errorf("payload\n%s\nwant\n%s", got, want)
	}
	h := headerOf(t, raw)
	jwks := decode(t, v.do("GET", "/.well-known/jwks.json", nil, "").body)
	key := jwks["keys"].([]any)[0].(map[string]any)
	if h["alg"] != "RS256" || h["typ"] != "JWT" || h["kid"] != key["kid"] {
		t.Errorf("header %v, JWKS key %v", h, key)
	}
}

func TestIDTokenClaimsFollowConsent(t *testing.T) {
	nickOnly := emulator.Config{App: emulator.App{Consent: []emulator.ConsentItem{{ID: "profile_nickname", Required: true}}}}
	legacy := emulator.Config{App: emulator.App{Consent: []emulator.ConsentItem{{ID: "profile", Required: true}}}}
	for _, tc := range []struct {
		name string
		cfg  emulator.Config
		hint string
		want map[string]string // claim -> value; "" = absent
	}{
		{"full consent", emulator.Config{}, "", map[string]string{"sub": "3958471203", "nickname": "김카카오", "picture": fullThumb, "email": fullEmail}},
		{"email declined", emulator.Config{}, "no.email.consent@example.com", map[string]string{"sub": "4029183746", "nickname": "이동의", "email": ""}},
		{"email unverified", emulator.Config{}, "unverified@example.com", map[string]string{"nickname": "박미인증", "email": ""}},
		{"id above 2^53", emulator.Config{}, "choonsik@example.com", map[string]string{"sub": "1376016924429759243", "email": "choonsik@example.com"}},
		{"nickname item only", nickOnly, "", map[string]string{"nickname": "김카카오", "picture": "", "email": ""}},
		{"legacy profile item", legacy, "", map[string]string{"nickname": "김카카오", "picture": fullThumb, "email": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newEnv(t, tc.cfg)
			tk, _ := v.oidcLogin(tc.hint)
			_, claims := v.verify(tk.IDToken)
			for k, want := range tc.want {
				got, ok := claims[k]
				if want == "" && ok {
					t.Errorf("%s = %v, want absent", k, got)
				} else if want != "" && got != want {
					t.Errorf("%s = %v, want %q", k, got, want)
				}
			}
			if _, ok := claims["email_verified"]; ok {
				t.Errorf("email_verified claim in an id_token: %v", claims)
			}
		})
	}
}

func TestIDTokenNonceOnlyWhenSent(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk, _ := v.oidcLogin("", "nonce", "")
	idt, claims := v.verify(tk.IDToken)
	if _, ok := claims["nonce"]; ok || idt.Nonce != "" {
		t.Errorf("nonce present without one sent: %v", claims)
	}
}

func TestIDTokenOnlyWithOpenID(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	// No openid asked for, none consented: the token response is unchanged.
	if res := v.tokenRequest(codeForm(v.code(authParams()))); !tokenBody.MatchString(res.body) {
		t.Errorf("no openid: %s", res.body)
	}
	v.oidcLogin("")
	// openid is now consented: a login asking no scope gets an id_token...
	tk := v.login("")
	if tk.IDToken == "" || !strings.Contains(tk.Scope, "openid") {
		t.Errorf("openid consented, no scope asked: id_token %q scope %q", tk.IDToken, tk.Scope)
	}
	v.verify(tk.IDToken)
	// ...but additional consent asked for without openid gets none (Kakao's REST API docs).
	res := v.tokenRequest(codeForm(v.code(authParams("scope", "profile_image"))))
	if tk := decodeTokens(t, res.body); tk.IDToken != "" || tk.AccessToken == "" {
		t.Errorf("scope without openid: %s", res.body)
	}
	// Unlinking forgets the openid consent with the rest.
	v.api("POST", "/v1/user/unlink", v.login("").AccessToken, "")
	if tk := v.login(""); tk.IDToken != "" {
		t.Errorf("after unlink: id_token issued without openid")
	}
}

func TestIDTokenPromptNoneNeedsOpenIDConsent(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	v.login("") // connected, but openid not consented
	res := v.authorize(authParams("prompt", "none", "scope", "openid"))
	if !strings.Contains(res.header.Get("Location"), "error=consent_required") {
		t.Errorf("prompt=none with openid not consented: %d %q", res.status, res.header.Get("Location"))
	}
	v.oidcLogin("")
	v.code(authParams("prompt", "none", "scope", "openid"))
}

func TestIDTokenExpiresWithAccessToken(t *testing.T) {
	v := newEnv(t, emulator.Config{AccessTokenTTL: time.Hour})
	tk, _ := v.oidcLogin("")
	idt, _ := v.verify(tk.IDToken)
	if d := idt.Expiry.Sub(idt.IssuedAt); d != time.Hour || tk.ExpiresIn != 3600 {
		t.Errorf("exp - iat = %v, expires_in %d; want 1h, 3600", d, tk.ExpiresIn)
	}
	v.clock.Advance(time.Hour + time.Second)
	var expired *oidc.TokenExpiredError
	if _, err := v.verifier().Verify(v.ctx, tk.IDToken); !errors.As(err, &expired) {
		t.Errorf("an hour later: %v, want TokenExpiredError", err)
	}
}

func TestIDTokenOnRefresh(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	authAt := v.clock.Now().Unix()
	tk, _ := v.oidcLogin("")
	v.clock.Advance(time.Hour)
	res := v.tokenRequest(refreshForm(tk.RefreshToken))
	wantJSON(t, res, http.StatusOK, "")
	re := regexp.MustCompile(`^\{"access_token":"[A-Za-z0-9_-]{64}","token_type":"bearer","id_token":"[A-Za-z0-9_.-]+","expires_in":21599\}$`)
	if !re.MatchString(res.body) {
		t.Fatalf("refresh body %s", res.body)
	}
	nt := decodeTokens(t, res.body)
	idt, claims := v.verify(nt.IDToken)
	if nt.IDToken == tk.IDToken || idt.IssuedAt.Unix() != authAt+3600 {
		t.Errorf("refreshed id_token iat %v, want %d", idt.IssuedAt, authAt+3600)
	}
	// Same auth_time (the original login), no nonce (OIDC Core §12.2).
	if claims["auth_time"] != jsonInt(authAt) || claims["nonce"] != nil || claims["email"] != fullEmail {
		t.Errorf("refreshed claims %v", claims)
	}
	// The new access token serves userinfo, as the old one did.
	wantJSON(t, v.api("GET", "/v1/oidc/userinfo", nt.AccessToken, ""), http.StatusOK, "")

	// A refresh token that came without an id_token gets none.
	plain := v.login("no.email.consent@example.com")
	if res := v.tokenRequest(refreshForm(plain.RefreshToken)); !refreshKeep.MatchString(res.body) {
		t.Errorf("refresh without openid: %s", res.body)
	}
	// A rotated refresh token keeps issuing id_tokens.
	v.clock.Advance(31 * day)
	rot := decodeTokens(t, v.tokenRequest(refreshForm(tk.RefreshToken)).body)
	if rot.RefreshToken == "" || rot.IDToken == "" {
		t.Fatalf("rotation: %+v", rot)
	}
	again := decodeTokens(t, v.tokenRequest(refreshForm(rot.RefreshToken)).body)
	v.verify(again.IDToken)
}

func TestDisableOIDCRefusesOpenIDScope(t *testing.T) {
	v := newEnv(t, emulator.Config{DisableOIDC: true})
	for _, scope := range []string{"openid", "profile_nickname,openid", "account_email openid"} {
		res := v.authorize(authParams("scope", scope))
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "KOE205") ||
			!strings.Contains(res.body, "Invalid scope: openid") || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			t.Errorf("scope %q: %d %s", scope, res.status, res.body)
		}
	}
	if tk := v.login(""); tk.IDToken != "" || strings.Contains(tk.Scope, "openid") {
		t.Errorf("OIDC off: %+v", tk)
	}
}

// jsonInt is n as decode returns it.
func jsonInt(n int64) json.Number { return json.Number(fmt.Sprint(n)) }
