package emulator_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

func TestPagesAccountThenConsent(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{})
	res := v.authorize(authParams())
	tok := wantPage(t, res, "account")
	for _, want := range []string{"kakao.tester@example.com", "choonsik@example.com", `data-kakaologin-user="3958471203"`, "#FEE500"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("account page lacks %q", want)
		}
	}
	// Referrer-Policy no-referrer would make browsers post the forms with Origin: null.
	for h, want := range map[string]string{"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Content-Type": "text/html;charset=UTF-8",
		"Referrer-Policy": "same-origin"} {
		if got := res.header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if csp := res.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") ||
		!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "form-action 'self' http://localhost:8734") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}

	res = v.pickUser(tok, strconv.Itoa(idFull))
	tok = wantPage(t, res, "consent")
	if !strings.Contains(res.header.Get("Set-Cookie"), "kakaologin_emulator_session=") || !strings.Contains(res.header.Get("Set-Cookie"), "HttpOnly") {
		t.Errorf("no session cookie: %q", res.header.Get("Set-Cookie"))
	}
	if got, want := consentItems(res.body), []string{"profile_nickname!", "profile_image+", "account_email+"}; !slices.Equal(got, want) {
		t.Errorf("consent items = %v, want %v", got, want)
	}
	for _, want := range []string{"동의하고 계속하기", "Agree and continue", "취소", "Cancel", "김카카오"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("consent page lacks %q", want)
		}
	}

	// The person unticks the email; a redirect_uri in the form changes nothing.
	res = v.post("/oauth/authorize/consent", url.Values{"csrf_token": {tok}, "action": {"agree"},
		"scope": {"profile_image"}, "redirect_uri": {"https://evil.example/"}})
	if loc := res.header.Get("Location"); !strings.HasSuffix(loc, "&state=af0ifjsldkj") {
		t.Errorf("Location %q lacks the state", loc)
	}
	tk := v.exchange(codeFrom(t, res))
	if tk.Scope != "profile_image profile_nickname" {
		t.Errorf("scope = %q", tk.Scope)
	}
	me := v.api("GET", "/v2/user/me", tk.AccessToken, "").body
	if !strings.Contains(me, `"email_needs_agreement":true`) || strings.Contains(me, `"email":`) {
		t.Errorf("declined email still given: %s", me)
	}
}

func TestPagesRememberSessionAndConsent(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{})
	tok := wantPage(t, v.authorize(authParams()), "account")
	tok = wantPage(t, v.pickUser(tok, strconv.Itoa(idBig)), "consent")
	codeFrom(t, v.agree(tok, "profile_image", "account_email"))

	// Same browser, same app: no page at all.
	res := v.authorize(authParams("login_hint", "kakao.tester@example.com"))
	tk := v.exchange(codeFrom(t, res))
	if me := v.api("GET", "/v2/user/me", tk.AccessToken, "").body; !strings.HasPrefix(me, `{"id":1376016924429759243`) {
		t.Errorf("the session's user should log in whatever the hint: %s", me)
	}

	// prompt=login and select_account show the account page again, the
	// session's user marked.
	for _, prompt := range []string{"login", "select_account"} {
		res := v.authorize(authParams("prompt", prompt))
		wantPage(t, res, "account")
		if !strings.Contains(res.body, `class="account current" data-kakaologin-user="1376016924429759243" data-kakaologin-default="true"`) {
			t.Errorf("prompt=%s: the session's user is not marked: %s", prompt, res.body)
		}
	}
}

func TestPagesAdditionalConsent(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{})
	tok := wantPage(t, v.authorize(authParams()), "account")
	tok = wantPage(t, v.pickUser(tok, strconv.Itoa(idFull)), "consent")
	codeFrom(t, v.agree(tok)) // declines both optional items

	// scope asks for one declined item: the page shows only it.
	res := v.authorize(authParams("scope", "account_email"))
	tok = wantPage(t, res, "consent")
	if got := consentItems(res.body); !slices.Equal(got, []string{"account_email+"}) {
		t.Errorf("additional consent items = %v", got)
	}
	if !strings.Contains(res.body, "추가 정보 제공에 동의해 주세요") {
		t.Error("not worded as additional consent")
	}
	tk := v.exchange(codeFrom(t, v.agree(tok, "account_email", "profile_image")))
	if tk.Scope != "account_email profile_nickname" {
		t.Errorf("scope = %q: only the shown item may be granted", tk.Scope)
	}
	if me := v.api("GET", "/v2/user/me", tk.AccessToken, "").body; !strings.Contains(me, `"email":"kakao.tester@example.com"`) {
		t.Errorf("email not given after additional consent: %s", me)
	}
}

func TestPagesCancel(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{})
	tok := wantPage(t, v.authorize(authParams("login_hint", "cancel@example.com")), "account")
	res := v.post("/oauth/authorize/account", url.Values{"csrf_token": {tok}, "login_id": {"cancel@example.com"}})
	tok = wantPage(t, res, "consent")
	if !strings.Contains(res.body, `data-kakaologin-cancels="true"`) {
		t.Error("the cancel switch is not on the page")
	}
	res = v.post("/oauth/authorize/consent", url.Values{"csrf_token": {tok}, "action": {"cancel"}})
	want := emulator.DefaultRedirectURI + "?error=access_denied&error_description=User%20denied%20access&state=af0ifjsldkj"
	if res.status != http.StatusFound || res.header.Get("Location") != want {
		t.Errorf("cancel: %d %q, want %q", res.status, res.header.Get("Location"), want)
	}
	// Cancelling consent keeps the Kakao Account session: consent is asked again.
	wantPage(t, v.authorize(authParams()), "consent")
}

func TestPagesUnknownAccountIsInline(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{})
	res := v.authorize(authParams("login_hint", "nobody@example.com"))
	tok := wantPage(t, res, "account")
	if !strings.Contains(res.body, `value="nobody@example.com"`) || strings.Contains(res.body, "data-kakaologin-error") {
		t.Errorf("login_hint should only pre-fill the field: %s", res.body)
	}
	res = v.post("/oauth/authorize/account", url.Values{"csrf_token": {tok}, "login_id": {"nobody@example.com"}})
	next := wantPage(t, res, "account")
	if !strings.Contains(res.body, `data-kakaologin-error="KOE_MOCK_LOGIN_HINT"`) || !strings.Contains(res.body, "No test user matches “nobody@example.com”") {
		t.Errorf("no inline error: %s", res.body)
	}
	if res.header.Get("Set-Cookie") != "" {
		t.Error("a failed login set a session")
	}
	// The spent token is refused; the new one works, by id.
	if res := v.pickUser(tok, strconv.Itoa(idFull)); res.status != http.StatusBadRequest || !strings.Contains(res.body, "KOE_MOCK_FORM") {
		t.Errorf("reused token: %d %s", res.status, res.body)
	}
	res = v.post("/oauth/authorize/account", url.Values{"csrf_token": {next}, "login_id": {" 4029183746 "}})
	if got := consentItems(res.body); !slices.Equal(got, []string{"profile_nickname!", "profile_image+", "account_email"}) {
		t.Errorf("the user who declines email: items %v", got)
	}
}

func TestPagesFormsAreProtected(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{})
	tok := wantPage(t, v.authorize(authParams()), "account")
	if res := v.do("GET", "/oauth/authorize/account?csrf_token="+url.QueryEscape(tok)+"&user=3958471203", nil, ""); res.status != http.StatusMethodNotAllowed {
		t.Errorf("GET on the form: %d", res.status)
	}
	for _, o := range []string{"http://evil.example", "null"} {
		h := http.Header{"Content-Type": formHeader["Content-Type"], "Origin": {o}}
		if res := v.do("POST", "/oauth/authorize/account", h, url.Values{"csrf_token": {tok}, "user": {"3958471203"}}.Encode()); res.status != http.StatusBadRequest {
			t.Errorf("post from Origin %s: %d %s", o, res.status, res.body)
		}
	}
	// The refused posts spent nothing: the page's own origin may post.
	h := http.Header{"Content-Type": formHeader["Content-Type"], "Origin": {v.srv.URL}}
	wantPage(t, v.do("POST", "/oauth/authorize/account", h, url.Values{"csrf_token": {tok}, "user": {"3958471203"}}.Encode()), "consent")
	tok = wantPage(t, v.authorize(authParams("prompt", "login")), "account")
	if res := v.pickUser("forged", "3958471203"); res.status != http.StatusBadRequest {
		t.Errorf("forged token: %d", res.status)
	}
	// An account token does not pass the consent form.
	if res := v.agree(tok); res.status != http.StatusBadRequest {
		t.Errorf("account token on the consent form: %d %s", res.status, res.body)
	}
	tok = wantPage(t, v.authorize(authParams("prompt", "login")), "account")
	v.clock.Advance(11 * time.Minute)
	if res := v.pickUser(tok, "3958471203"); res.status != http.StatusBadRequest || !strings.Contains(res.body, "expired") {
		t.Errorf("expired token: %d %s", res.status, res.body)
	}
}

func TestPagesPromptNone(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{})
	loc := v.authorize(authParams("prompt", "none")).header.Get("Location")
	if want := "?error=login_required&error_description=user%20authentication%20required.&state=af0ifjsldkj"; !strings.HasSuffix(loc, want) {
		t.Errorf("no session: Location %q", loc)
	}
	tok := wantPage(t, v.authorize(authParams()), "account")
	wantPage(t, v.pickUser(tok, strconv.Itoa(idFull)), "consent") // logged in, not agreed
	loc = v.authorize(authParams("prompt", "none")).header.Get("Location")
	if !strings.Contains(loc, "error=consent_required") {
		t.Errorf("not connected: Location %q", loc)
	}
	tok = wantPage(t, v.authorize(authParams()), "consent")
	codeFrom(t, v.agree(tok, "profile_image"))
	codeFrom(t, v.authorize(authParams("prompt", "none")))
	loc = v.authorize(authParams("prompt", "none", "scope", "account_email")).header.Get("Location")
	if !strings.Contains(loc, "error=consent_required") {
		t.Errorf("declined item asked with prompt=none: Location %q", loc)
	}
}

func TestPagesAccountLogout(t *testing.T) {
	const back = "http://localhost:3000/logged-out"
	v := newPagesEnv(t, emulator.Config{App: emulator.App{LogoutRedirectURIs: []string{back}}})
	tok := wantPage(t, v.authorize(authParams()), "account")
	codeFrom(t, v.agree(wantPage(t, v.pickUser(tok, strconv.Itoa(idFull)), "consent")))
	codeFrom(t, v.authorize(authParams())) // the session logs in at once

	logout := func(q url.Values) response { return v.do("GET", "/oauth/logout?"+q.Encode(), nil, "") }
	res := logout(url.Values{"client_id": {emulator.DefaultClientID}, "logout_redirect_uri": {"http://localhost:3000/other"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "KOE007") || !strings.Contains(res.body, back) {
		t.Errorf("unregistered logout redirect: %d %s", res.status, res.body)
	}
	if res := logout(url.Values{"client_id": {"nope"}, "logout_redirect_uri": {back}}); !strings.Contains(res.body, "KOE101") {
		t.Errorf("unknown client: %d %s", res.status, res.body)
	}
	res = logout(url.Values{"client_id": {emulator.DefaultClientID}, "logout_redirect_uri": {back}, "state": {"bye"}})
	if res.status != http.StatusFound || res.header.Get("Location") != back+"?state=bye" {
		t.Errorf("logout: %d %q", res.status, res.header.Get("Location"))
	}
	if log := v.do("GET", "/_emulator/requests?path=/oauth/logout", nil, "").body; !strings.Contains(log, `"logout_redirect_uri":"http://localhost:3000/logged-out"`) {
		t.Errorf("the request log lacks logout_redirect_uri: %s", log)
	}
	// Logged out of Kakao, still connected to the app: the account page, then no consent.
	tok = wantPage(t, v.authorize(authParams()), "account")
	codeFrom(t, v.pickUser(tok, strconv.Itoa(idFull)))
}

func TestPagesUnlinkAsksConsentAgain(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{})
	tok := wantPage(t, v.authorize(authParams()), "account")
	tk := v.exchange(codeFrom(t, v.agree(wantPage(t, v.pickUser(tok, strconv.Itoa(idFull)), "consent"), "account_email")))
	if res := v.api("POST", "/v1/user/unlink", tk.AccessToken, ""); res.status != http.StatusOK {
		t.Fatalf("unlink: %d %s", res.status, res.body)
	}
	res := v.authorize(authParams())
	wantPage(t, res, "consent")
	if got := consentItems(res.body); !slices.Equal(got, []string{"profile_nickname!", "profile_image+", "account_email+"}) {
		t.Errorf("after unlink: items %v", got)
	}
}

// auth_time is when the person logged in, not when the app asked again.
func TestPagesAuthTimeIsTheLogin(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{})
	loggedIn := v.clock.Now().Unix()
	tok := wantPage(t, v.authorize(authParams("scope", "openid")), "account")
	codeFrom(t, v.agree(wantPage(t, v.pickUser(tok, strconv.Itoa(idFull)), "consent")))
	v.clock.Advance(time.Hour)
	tk := v.exchange(codeFrom(t, v.authorize(authParams("scope", "openid"))))
	if got := decode(t, payloadOf(t, tk.IDToken))["auth_time"]; got != json64(loggedIn) {
		t.Errorf("auth_time = %v, want %d", got, loggedIn)
	}
}

func TestAutoApproveGrantsAdditionalConsent(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	if res := v.api("POST", "/v2/user/revoke/scopes", tk.AccessToken, `scopes=["account_email"]`); res.status != http.StatusOK {
		t.Fatalf("revoke: %d %s", res.status, res.body)
	}
	tk = v.exchange(v.code(authParams("scope", "account_email")))
	if !strings.Contains(tk.Scope, "account_email") {
		t.Errorf("scope after additional consent = %q", tk.Scope)
	}
	// A user whose switch declines the item declines it again.
	v.login("no.email.consent@example.com")
	tk = v.exchange(v.code(authParams("scope", "account_email", "login_hint", "no.email.consent@example.com")))
	if strings.Contains(tk.Scope, "account_email") {
		t.Errorf("the declining user granted it: %q", tk.Scope)
	}
}

// An app that asks for no consent item connects without a consent page.
func TestPagesNoConsentItems(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{App: emulator.App{Consent: []emulator.ConsentItem{}}})
	tok := wantPage(t, v.authorize(authParams()), "account")
	tk := v.exchange(codeFrom(t, v.pickUser(tok, strconv.Itoa(idFull))))
	if res := v.api("GET", "/v2/user/me", tk.AccessToken, ""); res.status != http.StatusOK || !strings.Contains(res.body, `"connected_at"`) {
		t.Errorf("user/me: %d %s", res.status, res.body)
	}
}

// Behind a TLS proxy the page's origin is https while the emulator sees
// http: the host is what must match.
func TestPagesOriginComparesTheHost(t *testing.T) {
	v := newPagesEnv(t, emulator.Config{})
	tok := wantPage(t, v.authorize(authParams()), "account")
	u, _ := url.Parse(v.srv.URL)
	h := http.Header{"Content-Type": formHeader["Content-Type"], "Origin": {"https://" + u.Host}}
	wantPage(t, v.do("POST", "/oauth/authorize/account", h, url.Values{"csrf_token": {tok}, "user": {"3958471203"}}.Encode()), "consent")
}
