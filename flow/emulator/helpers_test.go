package emulator_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// Ids of the default users, in DefaultUsers order.
const (
	idFull       = 3958471203
	idNoEmail    = 4029183746
	idUnverified = 4120567891
	idBig        = 1376016924429759243
	idCancel     = 4211234567
)

// testVerifier is a fixed PKCE verifier and testChallenge its S256 challenge.
const testVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

var testChallenge = func() string {
	sum := sha256.Sum256([]byte(testVerifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}()

// clock is the one settable test clock (emulatortest's).
type clock = emulatortest.Clock

func newClock() *clock { return emulatortest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)) }

// env is one emulator behind a real loopback server, with a browser-like
// client that doesn't follow redirects.
type env struct {
	t      *testing.T
	ctx    context.Context
	srv    *httptest.Server
	clock  *clock
	client *http.Client
}

// newEnv starts an emulator for cfg with AutoApprove (its clock replaced
// by a fake one), so that /oauth/authorize answers a code at once, and
// gives the test a 10-second context. newPagesEnv keeps the pages.
func newEnv(t *testing.T, cfg emulator.Config) *env {
	t.Helper()
	cfg.AutoApprove = true
	return startEnv(t, cfg)
}

// startEnv is newEnv without setting AutoApprove.
func startEnv(t *testing.T, cfg emulator.Config) *env {
	t.Helper()
	ck := newClock()
	cfg.Now = ck.Now
	e, err := emulator.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &env{t: t, ctx: ctx, srv: srv, clock: ck, client: client}
}

// response is a fully read HTTP response.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request and reads the whole response.
func (v *env) do(method, path string, header http.Header, body string) response {
	v.t.Helper()
	req, err := http.NewRequestWithContext(v.ctx, method, v.srv.URL+path, strings.NewReader(body))
	if err != nil {
		v.t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	res, err := v.client.Do(req)
	if err != nil {
		v.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		v.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// authParams returns a valid authorize query for the default app with PKCE.
func authParams(extra ...string) url.Values {
	q := url.Values{
		"client_id":             {emulator.DefaultClientID},
		"redirect_uri":          {emulator.DefaultRedirectURI},
		"response_type":         {"code"},
		"state":                 {"af0ifjsldkj"},
		"code_challenge":        {testChallenge},
		"code_challenge_method": {"S256"},
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == "" {
			q.Del(extra[i])
		} else {
			q.Set(extra[i], extra[i+1])
		}
	}
	return q
}

// authorize calls GET /oauth/authorize.
func (v *env) authorize(q url.Values) response {
	v.t.Helper()
	return v.do("GET", "/oauth/authorize?"+q.Encode(), nil, "")
}

// code authorizes with q and returns the code from the 302.
func (v *env) code(q url.Values) string {
	v.t.Helper()
	res := v.authorize(q)
	if res.status != http.StatusFound {
		v.t.Fatalf("authorize: status %d, body %s", res.status, res.body)
	}
	loc, err := url.Parse(res.header.Get("Location"))
	if err != nil {
		v.t.Fatal(err)
	}
	c := loc.Query().Get("code")
	if c == "" {
		v.t.Fatalf("authorize: no code in %s", loc)
	}
	return c
}

var formHeader = http.Header{"Content-Type": {"application/x-www-form-urlencoded;charset=utf-8"}}

// tokenRequest posts form to /oauth/token.
func (v *env) tokenRequest(form url.Values) response {
	v.t.Helper()
	return v.do("POST", "/oauth/token", formHeader, form.Encode())
}

// codeForm is a valid authorization_code form for code.
func codeForm(code string) url.Values {
	return url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {emulator.DefaultClientID},
		"redirect_uri":  {emulator.DefaultRedirectURI},
		"code":          {code},
		"code_verifier": {testVerifier},
	}
}

// tokens is a decoded token response.
type tokens struct {
	AccessToken           string `json:"access_token"`
	TokenType             string `json:"token_type"`
	IDToken               string `json:"id_token"`
	RefreshToken          string `json:"refresh_token"`
	ExpiresIn             int64  `json:"expires_in"`
	Scope                 string `json:"scope"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
}

// login runs authorize + code exchange for the user login_hint ("" = default).
func (v *env) login(hint string) tokens {
	v.t.Helper()
	res := v.tokenRequest(codeForm(v.code(authParams("login_hint", hint))))
	if res.status != http.StatusOK {
		v.t.Fatalf("token: status %d, body %s", res.status, res.body)
	}
	var tk tokens
	if err := json.Unmarshal([]byte(res.body), &tk); err != nil {
		v.t.Fatalf("token body %s: %v", res.body, err)
	}
	return tk
}

// api calls a kapi path with a bearer token ("" = no Authorization).
func (v *env) api(method, path, accessToken, body string) response {
	v.t.Helper()
	h := http.Header{}
	if accessToken != "" {
		h.Set("Authorization", "Bearer "+accessToken)
	}
	if body != "" {
		h.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	}
	return v.do(method, path, h, body)
}

// wantJSON checks status, Kakao's content type and the exact body.
func wantJSON(t *testing.T, res response, status int, body string) {
	t.Helper()
	if res.status != status {
		t.Errorf("status = %d, want %d (body %s)", res.status, status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if body != "" && res.body != body {
		t.Errorf("body =\n%s\nwant\n%s", res.body, body)
	}
}

// decode unmarshals a JSON body into a generic map (numbers as json.Number).
func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(body))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return m
}

// decodeTokens decodes a token response body.
func decodeTokens(tb testing.TB, body string) tokens {
	tb.Helper()
	var tk tokens
	if err := json.Unmarshal([]byte(body), &tk); err != nil {
		tb.Fatalf("token body %s: %v", body, err)
	}
	return tk
}
