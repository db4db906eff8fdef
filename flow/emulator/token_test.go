package emulator_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// tokenBody matches a code-grant success body in Kakao's field order.
var tokenBody = regexp.MustCompile(`^\{"access_token":"[A-Za-z0-9_-]{64}","token_type":"bearer","refresh_token":"[A-Za-z0-9_-]{64}","expires_in":21599,"scope":"account_email profile_image profile_nickname","refresh_token_expires_in":5183999\}$`)

func TestTokenExchangeFieldOrderAndHeaders(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.tokenRequest(codeForm(v.code(authParams())))
	wantJSON(t, res, http.StatusOK, "")
	if !tokenBody.MatchString(res.body) {
		t.Errorf("body %s does not match %s", res.body, tokenBody)
	}
	if cc := res.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q", cc)
	}
}

func TestTokenAcceptsPlainFormContentType(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	res := v.do("POST", "/oauth/token", h, codeForm(v.code(authParams())).Encode())
	wantJSON(t, res, http.StatusOK, "")
}

func TestTokenScopeOmittedWithoutGrantedItems(t *testing.T) {
	v := newEnv(t, emulator.Config{App: emulator.App{Consent: []emulator.ConsentItem{}}})
	res := v.tokenRequest(codeForm(v.code(authParams())))
	if m := decode(t, res.body); m["scope"] != nil {
		t.Errorf("scope present: %s", res.body)
	}
}

func TestTokenCodeIsSingleUse(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	code := v.code(authParams())
	wantJSON(t, v.tokenRequest(codeForm(code)), http.StatusOK, "")
	wantJSON(t, v.tokenRequest(codeForm(code)), http.StatusBadRequest,
		`{"error":"invalid_grant","error_description":"authorization code not found for code=`+code+`","error_code":"KOE320"}`)
}

func TestTokenCodeExpires(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	code := v.code(authParams())
	v.clock.Advance(emulator.DefaultCodeTTL)
	res := v.tokenRequest(codeForm(code))
	wantJSON(t, res, http.StatusBadRequest,
		`{"error":"invalid_grant","error_description":"authorization code not found for code=`+code+`","error_code":"KOE320"}`)
}

func TestTokenGrantErrors(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tests := []struct {
		name   string
		mutate func(url.Values)
		body   string
	}{
		{"redirect_uri mismatch", func(f url.Values) { f.Set("redirect_uri", "http://localhost:8734/other") },
			`{"error":"invalid_grant","error_description":"Redirect URI mismatch.","error_code":"KOE303"}`},
		{"redirect_uri missing", func(f url.Values) { f.Del("redirect_uri") },
			`{"error":"invalid_grant","error_description":"Redirect URI mismatch.","error_code":"KOE303"}`},
		{"verifier missing", func(f url.Values) { f.Del("code_verifier") },
			`{"error":"invalid_grant","error_description":"code_verifier is required: code_challenge was sent to /oauth/authorize (emulator: PKCE)","error_code":"KOE_MOCK_PKCE"}`},
		{"verifier mismatch", func(f url.Values) { f.Set("code_verifier", testVerifier+"x") },
			`{"error":"invalid_grant","error_description":"code_verifier does not match code_challenge (emulator: PKCE)","error_code":"KOE_MOCK_PKCE"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code := v.code(authParams())
			f := codeForm(code)
			tt.mutate(f)
			wantJSON(t, v.tokenRequest(f), http.StatusBadRequest, tt.body)
			// The failed attempt passed client authentication, so the code is burnt.
			res := v.tokenRequest(codeForm(code))
			wantJSON(t, res, http.StatusBadRequest, "")
			if decode(t, res.body)["error_code"] != "KOE320" {
				t.Errorf("retry after failure: %s, want KOE320", res.body)
			}
		})
	}
}

func TestTokenWithoutPKCE(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	f := codeForm(v.code(authParams("code_challenge", "", "code_challenge_method", "")))
	f.Del("code_verifier")
	wantJSON(t, v.tokenRequest(f), http.StatusOK, "")
}

func TestTokenClientAuthentication(t *testing.T) {
	const secret = "s3cr3tS3cr3tS3cr3tS3cr3tS3cr3t00"
	v := newEnv(t, emulator.Config{App: emulator.App{ClientSecret: secret}})
	const badCreds = `{"error":"invalid_client","error_description":"Bad client credentials","error_code":"KOE010"}`
	tests := []struct {
		name   string
		mutate func(url.Values)
		status int
		body   string
	}{
		{"secret missing", func(url.Values) {}, 401, badCreds},
		{"secret wrong", func(f url.Values) { f.Set("client_secret", "nope") }, 401, badCreds},
		{"unknown client", func(f url.Values) { f.Set("client_id", "ffffffffffffffffffffffffffffffff") }, 401,
			`{"error":"invalid_client","error_description":"Not exist client_id [ffffffffffffffffffffffffffffffff]","error_code":"KOE101"}`},
		{"missing client", func(f url.Values) { f.Del("client_id") }, 401,
			`{"error":"invalid_client","error_description":"Not exist client_id [null]","error_code":"KOE101"}`},
		{"missing grant_type", func(f url.Values) { f.Del("grant_type") }, 400,
			`{"error":"invalid_request","error_description":"grant_type is required"}`},
		{"unsupported grant_type", func(f url.Values) { f.Set("grant_type", "password") }, 400,
			`{"error":"unsupported_grant_type","error_description":"Unsupported grant type: password"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code := v.code(authParams())
			f := codeForm(code)
			tt.mutate(f)
			wantJSON(t, v.tokenRequest(f), tt.status, tt.body)
			// Failed client authentication must not consume the code.
			f = codeForm(code)
			f.Set("client_secret", secret)
			wantJSON(t, v.tokenRequest(f), http.StatusOK, "")
		})
	}
}

func TestTokenBasicOnlyIsRejectedWithoutConsumingCode(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	code := v.code(authParams())
	f := codeForm(code)
	f.Del("client_id")
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	req, _ := http.NewRequest("POST", "/", nil)
	req.SetBasicAuth(emulator.DefaultClientID, "")
	h.Set("Authorization", req.Header.Get("Authorization"))
	res := v.do("POST", "/oauth/token", h, f.Encode())
	// What Kakao's users report: Basic is ignored, so client_id is null.
	wantJSON(t, res, http.StatusUnauthorized,
		`{"error":"invalid_client","error_description":"Not exist client_id [null]","error_code":"KOE101"}`)
	wantJSON(t, v.tokenRequest(codeForm(code)), http.StatusOK, "")
}

func TestTokenParamsInQueryString(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.do("POST", "/oauth/token?"+codeForm(v.code(authParams())).Encode(), nil, "")
	wantJSON(t, res, http.StatusOK, "")
}

func TestTokenWrongMethodAndMalformedBody(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	wantJSON(t, v.do("GET", "/oauth/token", nil, ""), http.StatusMethodNotAllowed, "")
	res := v.do("POST", "/oauth/token", formHeader, "grant_type=%zz")
	wantJSON(t, res, http.StatusBadRequest, "")
	if decode(t, res.body)["error"] != "invalid_request" {
		t.Errorf("malformed body: %s", res.body)
	}
}

func TestAccessTokenExpires(t *testing.T) {
	v := newEnv(t, emulator.Config{AccessTokenTTL: time.Hour})
	tk := v.login("")
	if tk.ExpiresIn != 3600 {
		t.Errorf("expires_in = %d, want 3600", tk.ExpiresIn)
	}
	v.clock.Advance(59 * time.Minute)
	wantJSON(t, v.api("GET", "/v1/user/access_token_info", tk.AccessToken, ""), http.StatusOK,
		`{"id":3958471203,"expires_in":60,"app_id":1234567}`)
	v.clock.Advance(time.Minute)
	res := v.api("GET", "/v2/user/me", tk.AccessToken, "")
	wantJSON(t, res, http.StatusUnauthorized, `{"msg":"this access token is already expired","code":-401}`)
	if got := res.header.Get("WWW-Authenticate"); got != "Bearer error=invalid_token" {
		t.Errorf("WWW-Authenticate = %q", got)
	}
}
