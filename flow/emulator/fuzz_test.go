package emulator_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// serve runs one request through h without a network, for fuzzing.
func serve(h http.Handler, method, target string, header http.Header, body string) *httptest.ResponseRecorder {
	u := &url.URL{Path: target}
	if p, q, ok := strings.Cut(target, "?"); ok {
		u = &url.URL{Path: p, RawQuery: q}
	}
	r := &http.Request{Method: method, URL: u, Header: header, Host: "127.0.0.1", // the emulator serves loopback hosts only
		Body: http.NoBody, ContentLength: int64(len(body))}
	if header == nil {
		r.Header = http.Header{}
	}
	if body != "" {
		r.Body = ioNopCloser{strings.NewReader(body)}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

type ioNopCloser struct{ *strings.Reader }

func (ioNopCloser) Close() error { return nil }

// mint returns a fresh code for the default user with testChallenge.
func mint(t testing.TB, h http.Handler) string {
	w := serve(h, "GET", "/oauth/authorize?"+authParams().Encode(), nil, "")
	loc, err := url.Parse(w.Header().Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: %d %q", w.Code, w.Header().Get("Location"))
	}
	return loc.Query().Get("code")
}

func FuzzAuthorize(f *testing.F) {
	for _, s := range []string{
		authParams().Encode(),
		authParams("state", "").Encode(),
		authParams("login_hint", "cancel@example.com").Encode(),
		authParams("prompt", "none,login").Encode(),
		authParams("scope", "account_email,openid profile_image").Encode(),
		authParams("scope", "gender").Encode(),
		authParams("code_challenge_method", "plain").Encode(),
		authParams("response_type", "token").Encode(),
		authParams("login_hint", "1376016924429759243").Encode(),
		"client_id=" + emulator.DefaultClientID + "&redirect_uri=%zz&response_type=code",
		"", ";;;", "state=%ff%fe&client_id=&&&",
	} {
		f.Add(s)
	}
	auto, err := emulator.New(emulator.Config{AutoApprove: true})
	if err != nil {
		f.Fatal(err)
	}
	pages, err := emulator.New(emulator.Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, query string) {
		for _, e := range []*emulator.Emulator{auto, pages} {
			fuzzAuthorizeOnce(t, e, e == pages, query)
		}
	})
}

// fuzzAuthorizeOnce checks one authorize answer: a redirect to the
// registered URI, a KOE page or, from the pages, one of Kakao's pages.
func fuzzAuthorizeOnce(t *testing.T, e *emulator.Emulator, pages bool, query string) {
	t.Helper()
	w := serve(e, "GET", "/oauth/authorize?"+query, nil, "")
	switch w.Code {
	case http.StatusOK:
		if !pages || !strings.Contains(w.Body.String(), `<meta name="kakaologin-emulator" content="account">`) {
			t.Fatalf("status 200 for %q: %s", query, w.Body)
		}
	case http.StatusFound:
		loc := w.Header().Get("Location")
		if !strings.HasPrefix(loc, emulator.DefaultRedirectURI+"?") {
			t.Fatalf("redirect to %q", loc)
		}
		if _, err := url.Parse(loc); err != nil {
			t.Fatalf("bad Location %q: %v", loc, err)
		}
	case http.StatusBadRequest:
		if !strings.Contains(w.Body.String(), "KOE") {
			t.Fatalf("400 page without KOE code: %s", w.Body)
		}
	default:
		t.Fatalf("status %d for %q", w.Code, query)
	}
}

func FuzzToken(f *testing.F) {
	valid := codeForm("{code}").Encode()
	valid = strings.ReplaceAll(valid, "%7Bcode%7D", "{code}")
	for _, s := range []string{
		valid,
		strings.Replace(valid, "code_verifier=", "code_verifier=x", 1),
		strings.Replace(valid, "client_id=", "client_id=x", 1),
		"grant_type=refresh_token&client_id=" + emulator.DefaultClientID + "&refresh_token={rt}",
		"grant_type=refresh_token&client_id=" + emulator.DefaultClientID,
		"grant_type=password", "grant_type=%zz", "", "code={code}&code={code}",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	e, err := emulator.New(emulator.Config{AutoApprove: true})
	if err != nil {
		f.Fatal(err)
	}
	rt := func(t *testing.T) string {
		w := serve(e, "POST", "/oauth/token", formHeader, codeForm(mint(t, e)).Encode())
		var tk tokens
		_ = json.Unmarshal(w.Body.Bytes(), &tk)
		return tk.RefreshToken
	}
	f.Fuzz(func(t *testing.T, body string, basic bool) {
		if strings.Contains(body, "{code}") {
			body = strings.ReplaceAll(body, "{code}", mint(t, e))
		}
		if strings.Contains(body, "{rt}") {
			body = strings.ReplaceAll(body, "{rt}", rt(t))
		}
		h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
		if basic {
			h.Set("Authorization", "Basic NGI2MTZiNjE2ZjRjNmY2NzY5NmU0ZDZmNjM2YjRiNjU6")
		}
		w := serve(e, "POST", "/oauth/token", h, body)
		if w.Code >= 500 || w.Header().Get("Content-Type") != emulator.ContentTypeJSON || !json.Valid(w.Body.Bytes()) {
			t.Fatalf("status %d, type %q, body %q", w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		if w.Code == http.StatusOK && !strings.HasPrefix(w.Body.String(), `{"access_token":"`) {
			t.Fatalf("200 without access_token: %s", w.Body)
		}
	})
}

// FuzzUsers feeds users files and property_keys through ParseUsers, New and
// /v2/user/me: accepted users must always render as valid JSON with the id intact.
func FuzzUsers(f *testing.F) {
	f.Add(emulator.DefaultUsersJSON(), `["kakao_account.email"]`)
	f.Add([]byte(`[{"id":1,"kakao_account":{"email":"a@b","profile":{}},"properties":{}}]`), `["properties."]`)
	f.Add([]byte(`[{"kakao_account":{"email_needs_agreement":1,"x":[1,{"y":null}]},"id":9223372036854775807}]`), `[]`)
	f.Add([]byte(`[{"id":2,"_emulator":{"decline":["profile_image"]},"kakao_account":{"profile":{"nickname":"\u00e9\ud800"}}}]`), `x`)
	f.Fuzz(func(t *testing.T, data []byte, keys string) {
		users, err := emulator.ParseUsers(data)
		if err != nil {
			return
		}
		e, err := emulator.New(emulator.Config{Users: users, AutoApprove: true})
		if err != nil {
			t.Fatalf("New rejected parsed users: %v", err)
		}
		w := serve(e, "GET", "/oauth/authorize?"+authParams().Encode(), nil, "")
		loc, _ := url.Parse(w.Header().Get("Location"))
		code := loc.Query().Get("code")
		if code == "" {
			return // the default user cancels
		}
		w = serve(e, "POST", "/oauth/token", formHeader, codeForm(code).Encode())
		var tk tokens
		if err := json.Unmarshal(w.Body.Bytes(), &tk); err != nil || tk.AccessToken == "" {
			t.Fatalf("token: %s", w.Body)
		}
		h := http.Header{"Authorization": {"Bearer " + tk.AccessToken}}
		w = serve(e, "GET", "/v2/user/me?"+url.Values{"property_keys": {keys}}.Encode(), h, "")
		if w.Code == http.StatusBadRequest {
			return // malformed property_keys
		}
		want := `{"id":` + strconv.FormatInt(users[0].ID(), 10)
		if w.Code != http.StatusOK || !json.Valid(w.Body.Bytes()) || !strings.HasPrefix(w.Body.String(), want) &&
			!strings.Contains(w.Body.String(), `"id":`+want[len(`{"id":`):]) {
			t.Fatalf("user/me %d: %s", w.Code, w.Body)
		}
	})
}
