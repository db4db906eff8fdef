package emulator_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

var codePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{86}$`)

func TestAuthorizeRedirectsWithCodeAndState(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.authorize(authParams())
	if res.status != http.StatusFound {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	if cl := res.header.Get("Content-Length"); cl != "0" || res.body != "" {
		t.Errorf("Content-Length %q, body %q; want empty", cl, res.body)
	}
	loc := res.header.Get("Location")
	prefix := emulator.DefaultRedirectURI + "?code="
	if !strings.HasPrefix(loc, prefix) || !strings.HasSuffix(loc, "&state=af0ifjsldkj") {
		t.Fatalf("Location = %q", loc)
	}
	code := strings.TrimSuffix(strings.TrimPrefix(loc, prefix), "&state=af0ifjsldkj")
	if !codePattern.MatchString(code) {
		t.Errorf("code %q: want 86 URL-safe characters", code)
	}
}

func TestAuthorizeOmitsStateWhenNotSent(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	loc := v.authorize(authParams("state", "")).header.Get("Location")
	if strings.Contains(loc, "state=") || !strings.Contains(loc, "?code=") {
		t.Errorf("Location = %q", loc)
	}
}

func TestAuthorizeKeepsRegisteredQuery(t *testing.T) {
	const uri = "http://127.0.0.1:9000/cb?app=demo"
	v := newEnv(t, emulator.Config{App: emulator.App{RedirectURIs: []string{uri}}})
	loc := v.authorize(authParams("redirect_uri", uri)).header.Get("Location")
	if !strings.HasPrefix(loc, uri+"&code=") {
		t.Errorf("Location = %q, want %s&code=...", loc, uri)
	}
}

func TestAuthorizeErrorPages(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tests := []struct {
		name  string
		query url.Values
		koe   string
	}{
		{"missing client_id", authParams("client_id", ""), "KOE101"},
		{"unknown client_id", authParams("client_id", "0123456789abcdef0123456789abcdef"), "KOE101"},
		{"missing redirect_uri", authParams("redirect_uri", ""), "KOE006"},
		{"unregistered redirect_uri", authParams("redirect_uri", "http://localhost:8734/other"), "KOE006"},
		{"redirect_uri differs by slash", authParams("redirect_uri", emulator.DefaultRedirectURI+"/"), "KOE006"},
		{"implicit grant", authParams("response_type", "token"), "KOE202"},
		{"missing response_type", authParams("response_type", ""), "KOE201"},
		{"id_token response_type", authParams("response_type", "id_token"), "KOE201"},
		{"scope not configured", authParams("scope", "profile_nickname,gender"), "KOE205"},
		{"plain PKCE", authParams("code_challenge_method", "plain"), "KOE001"},
		{"PKCE without method", authParams("code_challenge_method", ""), "KOE001"},
		{"short challenge", authParams("code_challenge", "abc"), "KOE001"},
		{"unknown login_hint", authParams("login_hint", "nobody@example.com"), "KOE_MOCK_LOGIN_HINT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := v.authorize(tt.query)
			if res.status != http.StatusBadRequest {
				t.Errorf("status = %d, want 400", res.status)
			}
			if loc := res.header.Get("Location"); loc != "" {
				t.Errorf("redirected to %q; error pages must not redirect", loc)
			}
			if !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") || !strings.Contains(res.body, tt.koe) {
				t.Errorf("want an HTML page with %s, got %s %q", tt.koe, res.header.Get("Content-Type"), res.body)
			}
		})
	}
}

func TestAuthorizeUnknownLoginHintListsUsers(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.authorize(authParams("login_hint", "nobody@example.com"))
	for _, want := range []string{"kakao.tester@example.com", "1376016924429759243", "nobody@example.com"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("page lacks %q: %s", want, res.body)
		}
	}
}

func TestAuthorizeScopeAcceptsCommasAndSpaces(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	for _, scope := range []string{"account_email,profile_image", "account_email profile_image", "openid profile_nickname"} {
		if res := v.authorize(authParams("scope", scope)); res.status != http.StatusFound {
			t.Errorf("scope %q: status %d %s", scope, res.status, res.body)
		}
	}
}

func TestAuthorizeCancelRedirectsAccessDenied(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.authorize(authParams("login_hint", "cancel@example.com"))
	want := emulator.DefaultRedirectURI + "?error=access_denied&error_description=User%20denied%20access&state=af0ifjsldkj"
	if res.status != http.StatusFound || res.header.Get("Location") != want {
		t.Errorf("got %d %q, want 302 %q", res.status, res.header.Get("Location"), want)
	}
}

func TestAuthorizePromptNone(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	want := emulator.DefaultRedirectURI + "?error=consent_required&error_description=user%20consent%20required.&state=af0ifjsldkj"
	res := v.authorize(authParams("prompt", "none"))
	if res.status != http.StatusFound || res.header.Get("Location") != want {
		t.Fatalf("unconnected: got %d %q, want 302 %q", res.status, res.header.Get("Location"), want)
	}
	v.code(authParams()) // connects the default user
	v.code(authParams("prompt", "none"))
	// An item the user declined would need the consent page again.
	v.code(authParams("login_hint", "no.email.consent@example.com"))
	res = v.authorize(authParams("login_hint", "no.email.consent@example.com", "prompt", "none", "scope", "account_email"))
	if !strings.Contains(res.header.Get("Location"), "error=consent_required") {
		t.Errorf("declined item with prompt=none: Location %q", res.header.Get("Location"))
	}
}

func TestAuthorizeLoginHintByEmailAndID(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	for _, hint := range []string{"CHOONSIK@example.com", "1376016924429759243"} {
		tk := v.login(hint)
		res := v.api("GET", "/v1/user/access_token_info", tk.AccessToken, "")
		if !strings.HasPrefix(res.body, `{"id":1376016924429759243,`) {
			t.Errorf("login_hint %q: token info %s", hint, res.body)
		}
	}
}

func TestAuthorizeWrongMethod(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.do("POST", "/oauth/authorize", formHeader, authParams().Encode())
	wantJSON(t, res, http.StatusMethodNotAllowed, "")
	if !strings.Contains(res.body, `"error":"invalid_request"`) || res.header.Get("Allow") != "GET" {
		t.Errorf("405: %v %s", res.header, res.body)
	}
}
