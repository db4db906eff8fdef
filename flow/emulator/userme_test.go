package emulator_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

const img = "://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_"

// fullUserMe is the default user's /v2/user/me for the default app, connected
// at the fake clock's start: F3 without the items the app doesn't configure.
const fullUserMe = `{"id":3958471203,"connected_at":"2026-03-01T09:00:00Z",` +
	`"properties":{"nickname":"김카카오","profile_image":"http` + img + `640x640.jpg","thumbnail_image":"http` + img + `110x110.jpg"},` +
	`"kakao_account":{"profile_nickname_needs_agreement":false,"profile_image_needs_agreement":false,` +
	`"profile":{"nickname":"김카카오","thumbnail_image_url":"http` + img + `110x110.jpg","profile_image_url":"http` + img + `640x640.jpg","is_default_image":false,"is_default_nickname":false},` +
	`"has_email":true,"email_needs_agreement":false,"is_email_valid":true,"is_email_verified":true,"email":"kakao.tester@example.com"},` +
	`"for_partner":{"uuid":"bXtNfUhxQHVHcEp9TH1Pe0t-TnhLek1-S3VHfEl8"}}`

func TestUserMeFullConsentExactBytes(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	wantJSON(t, v.api("GET", "/v2/user/me", tk.AccessToken, ""), http.StatusOK, fullUserMe)
	wantJSON(t, v.api("POST", "/v2/user/me", tk.AccessToken, "secure_resource=false"), http.StatusOK, fullUserMe)
}

func TestUserMeLargeIDIsExact(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("choonsik@example.com")
	res := v.api("GET", "/v2/user/me", tk.AccessToken, "")
	if !strings.HasPrefix(res.body, `{"id":1376016924429759243,"connected_at":"2026-03-01T09:00:00Z",`) {
		t.Errorf("body %s", res.body)
	}
	info := v.api("GET", "/v1/user/access_token_info", tk.AccessToken, "")
	wantJSON(t, info, http.StatusOK, `{"id":1376016924429759243,"expires_in":21599,"app_id":1234567}`)
}

func TestUserMeDeclinedEmail(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("no.email.consent@example.com")
	if tk.Scope != "profile_image profile_nickname" {
		t.Errorf("scope = %q", tk.Scope)
	}
	res := v.api("GET", "/v2/user/me", tk.AccessToken, "")
	wantJSON(t, res, http.StatusOK, `{"id":4029183746,"connected_at":"2026-03-01T09:00:00Z","properties":{"nickname":"이동의"},`+
		`"kakao_account":{"profile_nickname_needs_agreement":false,"profile":{"nickname":"이동의","is_default_nickname":false},`+
		`"has_email":true,"email_needs_agreement":true}}`)
}

func TestUserMeUnverifiedEmail(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("unverified@example.com")
	res := v.api("GET", "/v2/user/me", tk.AccessToken, "")
	if !strings.Contains(res.body, `"is_email_verified":false,"email":"unverified@example.com"`) {
		t.Errorf("body %s", res.body)
	}
}

func TestUserMePropertyKeys(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	tests := []struct{ keys, want string }{
		{`["kakao_account.email"]`, `{"id":3958471203,"kakao_account":{"has_email":true,"email_needs_agreement":false,"is_email_valid":true,"is_email_verified":true,"email":"kakao.tester@example.com"}}`},
		{`["properties.nickname","connected_at"]`, `{"id":3958471203,"connected_at":"2026-03-01T09:00:00Z","properties":{"nickname":"김카카오"}}`},
		{`["kakao_account.profile"]`, `{"id":3958471203,"kakao_account":{"profile_nickname_needs_agreement":false,"profile_image_needs_agreement":false,` +
			`"profile":{"nickname":"김카카오","thumbnail_image_url":"http` + img + `110x110.jpg","profile_image_url":"http` + img + `640x640.jpg","is_default_image":false,"is_default_nickname":false}}}`},
		{`["for_partner."]`, `{"id":3958471203,"for_partner":{"uuid":"bXtNfUhxQHVHcEp9TH1Pe0t-TnhLek1-S3VHfEl8"}}`},
		{`["kakao_account.gender"]`, `{"id":3958471203}`},
		{`[]`, fullUserMe},
	}
	for _, tt := range tests {
		res := v.api("GET", "/v2/user/me?"+url.Values{"property_keys": {tt.keys}}.Encode(), tk.AccessToken, "")
		wantJSON(t, res, http.StatusOK, tt.want)
	}
	res := v.api("GET", "/v2/user/me?"+url.Values{"property_keys": {`["kakao_account.`}}.Encode(), tk.AccessToken, "")
	wantJSON(t, res, http.StatusBadRequest, "")
	if m := decode(t, res.body); m["code"].(interface{ String() string }).String() != "-2" {
		t.Errorf("malformed property_keys: %s", res.body)
	}
	// "kakao_account." selects every child.
	res = v.api("POST", "/v2/user/me", tk.AccessToken, url.Values{"property_keys": {`["kakao_account."]`}}.Encode())
	if !strings.HasPrefix(res.body, `{"id":3958471203,"kakao_account":{"profile_nickname_needs_agreement":false,`) ||
		!strings.HasSuffix(res.body, `"email":"kakao.tester@example.com"}}`) {
		t.Errorf("kakao_account.: %s", res.body)
	}
}

func TestUserMeSecureResource(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	res := v.api("GET", "/v2/user/me?secure_resource=true", tk.AccessToken, "")
	want := strings.ReplaceAll(fullUserMe, `"http://`, `"https://`)
	wantJSON(t, res, http.StatusOK, want)
	res = v.api("GET", "/v2/user/me?secure_resource=maybe", tk.AccessToken, "")
	wantJSON(t, res, http.StatusBadRequest, `{"msg":"secure_resource must be true or false","code":-2}`)
}

func TestUserMeConsentFromCustomApp(t *testing.T) {
	// An app with the legacy "profile" item, gender and phone_number; the user
	// declines phone_number.
	users, err := emulator.ParseUsers([]byte(`[{"id":7,"properties":{"nickname":"n","custom":"x"},` +
		`"kakao_account":{"profile":{"nickname":"n"},"gender":"female","phone_number":"+82 10-0000-0000","name":"N"},` +
		`"_emulator":{"decline":["phone_number"]}}]`))
	if err != nil {
		t.Fatal(err)
	}
	v := newEnv(t, emulator.Config{Users: users, App: emulator.App{Consent: []emulator.ConsentItem{
		{ID: "profile", Required: true}, {ID: "gender"}, {ID: "phone_number"}}}})
	tk := v.login("")
	if tk.Scope != "gender profile" {
		t.Errorf("scope = %q", tk.Scope)
	}
	res := v.api("GET", "/v2/user/me", tk.AccessToken, "")
	wantJSON(t, res, http.StatusOK, `{"id":7,"connected_at":"2026-03-01T09:00:00Z","properties":{"nickname":"n","custom":"x"},`+
		`"kakao_account":{"profile_needs_agreement":false,"profile":{"nickname":"n"},"gender_needs_agreement":false,"gender":"female",`+
		`"phone_number_needs_agreement":true}}`)
}

func TestAPIAuthErrors(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	const notExist = `{"msg":"this access token does not exist","code":-401}`
	for _, path := range []string{"/v2/user/me", "/v1/user/access_token_info"} {
		for _, tok := range []string{"", "bogus"} {
			res := v.api("GET", path, tok, "")
			wantJSON(t, res, http.StatusUnauthorized, notExist)
			if got := res.header.Get("WWW-Authenticate"); got != "Bearer error=invalid_token" {
				t.Errorf("%s %q: WWW-Authenticate = %q", path, tok, got)
			}
		}
		for _, h := range []string{"Basic Zm9vOmJhcg==", "Bearer", "Bearer a b"} {
			res := v.do("GET", path, http.Header{"Authorization": {h}}, "")
			wantJSON(t, res, http.StatusBadRequest, "")
			if !strings.HasSuffix(res.body, `"code":-2}`) {
				t.Errorf("%s %q: %s", path, h, res.body)
			}
		}
	}
}

func TestLogoutRevokesTokens(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	other := v.login("")
	wantJSON(t, v.api("POST", "/v1/user/logout", tk.AccessToken, ""), http.StatusOK, `{"id":3958471203}`)
	for _, at := range []string{tk.AccessToken, other.AccessToken} {
		wantJSON(t, v.api("GET", "/v2/user/me", at, ""), http.StatusUnauthorized, `{"msg":"this access token does not exist","code":-401}`)
	}
	wantJSON(t, v.tokenRequest(refreshForm(tk.RefreshToken)), http.StatusBadRequest, koe322)
	// Consent is kept: prompt=none still works.
	v.code(authParams("prompt", "none"))
}

func TestUnlinkForgetsConsent(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	wantJSON(t, v.api("POST", "/v1/user/unlink", tk.AccessToken, ""), http.StatusOK, `{"id":3958471203}`)
	wantJSON(t, v.api("GET", "/v2/user/me", tk.AccessToken, ""), http.StatusUnauthorized, "")
	wantJSON(t, v.tokenRequest(refreshForm(tk.RefreshToken)), http.StatusBadRequest, koe322)
	loc := v.authorize(authParams("prompt", "none")).header.Get("Location")
	if !strings.Contains(loc, "error=consent_required") {
		t.Errorf("after unlink, prompt=none: %q", loc)
	}
	// Reconnecting sets a new connected_at.
	v.clock.Advance(day)
	tk = v.login("")
	res := v.api("GET", "/v2/user/me?property_keys="+url.QueryEscape(`["connected_at"]`), tk.AccessToken, "")
	wantJSON(t, res, http.StatusOK, `{"id":3958471203,"connected_at":"2026-03-02T09:00:00Z"}`)
}

func TestUnlinkInvalidatesPendingCode(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	code := v.code(authParams())
	v.api("POST", "/v1/user/unlink", tk.AccessToken, "")
	res := v.tokenRequest(codeForm(code))
	if decode(t, res.body)["error_code"] != "KOE320" {
		t.Errorf("code issued before unlink: %s", res.body)
	}
}

func TestAPIWrongMethodAndUnknownPaths(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.do("GET", "/v1/user/logout", nil, "")
	wantJSON(t, res, http.StatusMethodNotAllowed, `{"msg":"Request method 'GET' not supported","code":-2}`)
	if res.header.Get("Allow") != "POST" {
		t.Errorf("Allow = %q", res.header.Get("Allow"))
	}
	wantJSON(t, v.do("DELETE", "/v2/user/me", nil, ""), http.StatusMethodNotAllowed, "")
	wantJSON(t, v.do("GET", "/v9/nothing", nil, ""), http.StatusNotFound, `{"msg":"no such API: /v9/nothing","code":-2}`)
	wantJSON(t, v.do("GET", "/oauth/nothing", nil, ""), http.StatusNotFound,
		`{"error":"not_found","error_description":"no such endpoint: /oauth/nothing","error_code":"KOE002"}`)
}
