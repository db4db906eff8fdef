package flow_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// oidcKakao is an emulator on clk with OIDC on, and the client config
// pointed at it (its redirect URI registered, its clock the emulator's).
type oidcKakao struct {
	cfg flow.Config
	clk *emulatortest.Clock
	url string
}

// newOIDCKakao starts it; each change, when given, edits the emulator's
// config first.
func newOIDCKakao(t *testing.T, clk *emulatortest.Clock, change ...func(*emulator.Config)) *oidcKakao {
	t.Helper()
	opts := []emulatortest.Option{emulatortest.WithClock(clk)}
	for _, ch := range change {
		opts = append(opts, emulatortest.WithConfig(ch))
	}
	k := emulatortest.Start(t, opts...)
	cfg := flowConfig(k)
	cfg.Now = clk.Now
	return &oidcKakao{cfg: cfg, clk: clk, url: k.URL}
}

// login logs a user in with scope openid (and p's other parameters).
func (k *oidcKakao) login(t *testing.T, p flow.AuthorizeParams) *flow.Token {
	t.Helper()
	p.Scopes = append(p.Scopes, "openid")
	res, err := k.cfg.Login(testContext(t), p, browser)
	if err != nil {
		t.Fatal(err)
	}
	if res.Token.IDToken == "" {
		t.Fatalf("no id_token in %s", res.Token.Raw)
	}
	return res.Token
}

func (k *oidcKakao) opts() flow.VerifyOptions { return flow.VerifyOptions{Now: k.clk.Now} }

// segment is the base64url-decoded part i of a JWT.
func segment(t *testing.T, jwt string, i int) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(jwt, ".")[i])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantCheck asserts err is an *IDTokenError for check whose text says so.
func wantCheck(t *testing.T, err error, check, detail string) {
	t.Helper()
	var e *flow.IDTokenError
	if !errors.As(err, &e) || e.Check != check {
		t.Fatalf("err = %v (%T), want an IDTokenError for %q", err, err, check)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "invalid id_token: "+check+": ") || !strings.Contains(msg, detail) || strings.ContainsAny(msg, "\r\n") {
		t.Errorf("message %q: want one line naming %q and containing %q", msg, check, detail)
	}
}

func TestVerifyIDTokenFromEmulator(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{LoginHint: "1376016924429759243", Nonce: "n-0S6_WzA2Mj"})
	got, err := k.cfg.VerifyIDToken(testContext(t), tok.IDToken, flow.VerifyOptions{Nonce: "n-0S6_WzA2Mj", Now: k.clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Verified {
		t.Error("Verified = false")
	}
	if want := segment(t, tok.IDToken, 1); string(got.Claims) != string(want) {
		t.Errorf("claims = %s, want exactly %s", got.Claims, want)
	}
	if want := segment(t, tok.IDToken, 0); string(got.Header) != string(want) {
		t.Errorf("header = %s, want exactly %s", got.Header, want)
	}
	var c struct {
		Sub, Iss, Aud, Nonce string
	}
	if err := json.Unmarshal(got.Claims, &c); err != nil {
		t.Fatal(err)
	}
	if c.Sub != "1376016924429759243" || c.Iss != k.url || c.Aud != emulator.DefaultClientID || c.Nonce != "n-0S6_WzA2Mj" {
		t.Errorf("claims = %+v", c)
	}
	var h struct{ Alg, Kid, Typ string }
	if err := json.Unmarshal(got.Header, &h); err != nil || h.Alg != "RS256" || h.Kid == "" || h.Typ != "JWT" {
		t.Errorf("header = %s (%v)", got.Header, err)
	}
	// Without an expected nonce, a token that carries one passes.
	if _, err := k.cfg.VerifyIDToken(testContext(t), tok.IDToken, k.opts()); err != nil {
		t.Errorf("no nonce expected: %v", err)
	}
}

func TestVerifyIDTokenDefaultClock(t *testing.T) {
	k := newOIDCKakao(t, emulatortest.NewClock(time.Now()))
	tok := k.login(t, flow.AuthorizeParams{})
	if _, err := k.cfg.VerifyIDToken(testContext(t), tok.IDToken, flow.VerifyOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyIDTokenRefreshed(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{})
	k.clk.Advance(7 * time.Hour) // the first id_token has expired
	next, err := k.cfg.Refresh(testContext(t), tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.cfg.VerifyIDToken(testContext(t), next.IDToken, k.opts()); err != nil {
		t.Errorf("refreshed id_token: %v", err)
	}
	_, err = k.cfg.VerifyIDToken(testContext(t), tok.IDToken, k.opts())
	wantCheck(t, err, flow.CheckExpiry, "expired at ")
}

func TestVerifyIDTokenTampered(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{})
	parts := strings.Split(tok.IDToken, ".")

	// One character in the middle of the signature.
	sig := []byte(parts[2])
	i := len(sig) / 2
	sig[i] = map[bool]byte{true: 'B', false: 'A'}[sig[i] == 'A']
	_, err := k.cfg.VerifyIDToken(testContext(t), parts[0]+"."+parts[1]+"."+string(sig), k.opts())
	wantCheck(t, err, flow.CheckSignature, "does not verify")

	// Claims rewritten (another user), the signature kept.
	claims := strings.Replace(string(segment(t, tok.IDToken, 1)), `"sub":"3958471203"`, `"sub":"4029183746"`, 1)
	forged := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + "." + parts[2]
	_, err = k.cfg.VerifyIDToken(testContext(t), forged, k.opts())
	wantCheck(t, err, flow.CheckSignature, "does not verify")
}

func TestVerifyIDTokenAudience(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{})
	other := k.cfg
	other.ClientID = "0123456789abcdef0123456789abcdef"
	_, err := other.VerifyIDToken(testContext(t), tok.IDToken, k.opts())
	wantCheck(t, err, flow.CheckAudience, `aud is "`+emulator.DefaultClientID+`", not the client id "0123456789abcdef0123456789abcdef"`)
}

func TestVerifyIDTokenIssuer(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{})
	// The same emulator under another name is another issuer: iss is the
	// origin the token was issued on.
	u, _ := url.Parse(k.url)
	other := k.cfg
	other.AuthURL = "http://localhost:" + u.Port()
	_, err := other.VerifyIDToken(testContext(t), tok.IDToken, k.opts())
	wantCheck(t, err, flow.CheckIssuer, `iss is "`+k.url+`", want "http://localhost:`+u.Port()+`"`)
	// A trailing slash on the configured URL is the same issuer.
	slash := k.cfg
	slash.AuthURL += "/"
	if _, err := slash.VerifyIDToken(testContext(t), tok.IDToken, k.opts()); err != nil {
		t.Errorf("auth URL with a trailing slash: %v", err)
	}
}

func TestVerifyIDTokenExpired(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{})
	// exp is iat + the access token lifetime (21599 s): valid at exp itself
	// (go-oidc has no leeway and refuses only a time after exp).
	k.clk.Advance(21599 * time.Second)
	if _, err := k.cfg.VerifyIDToken(testContext(t), tok.IDToken, k.opts()); err != nil {
		t.Fatalf("at exp: %v", err)
	}
	k.clk.Advance(time.Second)
	_, err := k.cfg.VerifyIDToken(testContext(t), tok.IDToken, k.opts())
	wantCheck(t, err, flow.CheckExpiry, "expired at 2026-11-26T14:59:59Z (now 2026-11-26T15:00:00Z)")
}

func TestVerifyIDTokenNonce(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{Nonce: "sent"})
	_, err := k.cfg.VerifyIDToken(testContext(t), tok.IDToken, flow.VerifyOptions{Nonce: "other", Now: k.clk.Now})
	wantCheck(t, err, flow.CheckNonce, `nonce is "sent", want "other"`)

	// Login sends a random nonce of its own when none is given.
	plain := k.login(t, flow.AuthorizeParams{})
	var claims struct{ Nonce string }
	if err := json.Unmarshal(segment(t, plain.IDToken, 1), &claims); err != nil || len(claims.Nonce) < 16 {
		t.Errorf("login without --nonce: nonce claim %q (%v), want a random one", claims.Nonce, err)
	}
	// A refreshed id_token carries no nonce.
	refreshed, err := k.cfg.Refresh(testContext(t), plain.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	_, err = k.cfg.VerifyIDToken(testContext(t), refreshed.IDToken, flow.VerifyOptions{Nonce: "sent", Now: k.clk.Now})
	wantCheck(t, err, flow.CheckNonce, `the token has no nonce, want "sent"`)
}

// sign makes an RS256 JWT of claims with key, kid in the header.
func sign(t *testing.T, key *rsa.PrivateKey, kid string, claims []byte) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign(claims)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerifyIDTokenUnknownKID(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{})
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	// The emulator's claims, signed by another key that names its own kid.
	forged := sign(t, other, "another-kid", segment(t, tok.IDToken, 1))
	_, err = k.cfg.VerifyIDToken(testContext(t), forged, k.opts())
	wantCheck(t, err, flow.CheckUnknownKID, `no key with kid "another-kid" in `+k.url+"/.well-known/jwks.json (1 key(s))")

	// Another key that claims the emulator's kid: a bad signature.
	var h struct{ Kid string }
	json.Unmarshal(segment(t, tok.IDToken, 0), &h)
	forged = sign(t, other, h.Kid, segment(t, tok.IDToken, 1))
	_, err = k.cfg.VerifyIDToken(testContext(t), forged, k.opts())
	wantCheck(t, err, flow.CheckSignature, "does not verify")
}

func TestVerifyIDTokenMalformed(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{})
	parts := strings.Split(tok.IDToken, ".")
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	claims := string(segment(t, tok.IDToken, 1))
	for _, tc := range []struct {
		raw, check, detail string
	}{
		{"", flow.CheckMalformed, "empty"},
		{tok.AccessToken, flow.CheckMalformed, "three base64url parts"},
		{parts[0] + "." + parts[1], flow.CheckMalformed, "got 2 part(s)"},
		{"!!." + parts[1] + "." + parts[2], flow.CheckMalformed, "header: not base64url"},
		{enc(`[1]`) + "." + parts[1] + "." + parts[2], flow.CheckMalformed, "header: not a JSON object"},
		{parts[0] + "." + enc("not json") + "." + parts[2], flow.CheckMalformed, "claims: not a JSON object"},
		{parts[0] + "." + enc(`{"iss":1}`) + "." + parts[2], flow.CheckMalformed, "claims: json: cannot unmarshal"},
		// alg none and HS256 (keyed with the public key) are the classic forgeries.
		{enc(`{"alg":"none"}`) + "." + parts[1] + ".", flow.CheckSignature, `alg is "none", want RS256`},
		{enc(`{"alg":"HS256","typ":"JWT"}`) + "." + parts[1] + "." + parts[2], flow.CheckSignature, `alg is "HS256"`},
		// A valid signature over claims whose exp is text.
		{sign(t, emulatortest.SigningKey(), "", []byte(strings.Replace(claims, `"exp":`, `"exp":"soon","x":`, 1))), flow.CheckMalformed, "unmarshal"},
	} {
		_, err := k.cfg.VerifyIDToken(testContext(t), tc.raw, k.opts())
		wantCheck(t, err, tc.check, tc.detail)
	}
}

func TestVerifyIDTokenNeedsClientID(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{})
	none := k.cfg
	none.ClientID = ""
	_, err := none.VerifyIDToken(testContext(t), tok.IDToken, k.opts())
	var e *flow.IDTokenError
	if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), "no client id") {
		t.Errorf("err = %v, want a configuration error", err)
	}
}

func TestVerifyIDTokenJWKSErrors(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{})
	var e *flow.IDTokenError

	// The issuer's server is gone: the HTTP client's error, not a check.
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	cfg := k.cfg
	cfg.AuthURL = gone.URL
	claims := strings.Replace(string(segment(t, tok.IDToken, 1)), k.url, gone.URL, 1)
	raw := sign(t, emulatortest.SigningKey(), "", []byte(claims))
	_, err := cfg.VerifyIDToken(testContext(t), raw, k.opts())
	var uErr *url.Error
	if !errors.As(err, &uErr) || errors.As(err, &e) {
		t.Errorf("unreachable JWKS: err = %v (%T)", err, err)
	}

	// A JWKS that is not one, or a Kakao error.
	for body, want := range map[string]string{
		`<html>proxy</html>`: "is not a JSON Web Key Set",
		`{"error":"server_error","error_description":"down","error_code":"KOE999"}`: "KOE999 server_error: down",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(body, "{") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
			}
			w.Write([]byte(body))
		}))
		cfg.AuthURL = srv.URL
		raw := sign(t, emulatortest.SigningKey(), "", []byte(strings.Replace(string(segment(t, tok.IDToken, 1)), k.url, srv.URL, 1)))
		_, err := cfg.VerifyIDToken(testContext(t), raw, k.opts())
		srv.Close()
		if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), want) {
			t.Errorf("JWKS %s: err = %v, want %q", body, err, want)
		}
	}
}
