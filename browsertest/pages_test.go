package browsertest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Selectors of the emulator's pages, by their stable markers.
const (
	chooser      = `form[data-kakaologin="account-chooser"]`
	loginForm    = `form[data-kakaologin="account-login"]`
	consentForm  = `form[data-kakaologin="consent"]`
	agreeButton  = `button[data-kakaologin-action="agree"]`
	cancelButton = `button[data-kakaologin-action="cancel"]`
)

func userButton(id string) string { return `button[data-kakaologin-user="` + id + `"]` }
func item(id string) string       { return `input[data-kakaologin-item="` + id + `"]` }

// profile decodes the login's stdout and returns its profile.
func profile(t *testing.T, stdout string) map[string]any {
	t.Helper()
	var out struct {
		Profile map[string]any `json:"profile"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || out.Profile == nil {
		t.Fatalf("stdout is not the login's JSON: %v\n%s", err, stdout)
	}
	return out.Profile
}

func account(t *testing.T, p map[string]any) map[string]any {
	t.Helper()
	a, ok := p["kakao_account"].(map[string]any)
	if !ok {
		t.Fatalf("no kakao_account in %v", p)
	}
	return a
}

// loginOK waits for a login that must succeed and returns its profile.
func loginOK(ctx context.Context, t *testing.T, l *login) map[string]any {
	t.Helper()
	code, stdout, stderr := l.wait(ctx, t)
	if code != 0 {
		t.Fatalf("kakaologin login: exit %d\n%s", code, stderr)
	}
	return profile(t, stdout)
}

// A person picks a user, declines the email, grants it on a second login
// (additional consent), logs out of Kakao and sees the account page again.
func TestBrowserConsentMemory(t *testing.T) {
	b := newBrowser(t)
	k := newKakao(t)

	l := k.startLogin(b.ctx, t)
	b.do("open the authorize URL", chromedp.Navigate(l.url), chromedp.WaitVisible(chromedp.CSS(chooser)))
	b.shot("account")
	b.do("pick 김카카오", chromedp.Click(chromedp.CSS(userButton("3958471203"))), chromedp.WaitVisible(chromedp.CSS(consentForm)))
	if n := b.count(`input[data-kakaologin-item]`); n != 3 {
		t.Errorf("first consent shows %d items, want 3", n)
	}
	b.do("untick the email", chromedp.Click(chromedp.CSS(item("account_email"))))
	b.shot("consent")
	b.do("agree", chromedp.Click(chromedp.CSS(agreeButton)))
	acc := account(t, loginOK(b.ctx, t, l))
	if acc["email_needs_agreement"] != true || acc["email"] != nil {
		t.Errorf("declined email: email_needs_agreement %v, email %v", acc["email_needs_agreement"], acc["email"])
	}

	// Additional consent: the session skips the account page, the consent
	// page asks only for the declined item.
	l = k.startLogin(b.ctx, t, "--scope", "account_email")
	b.do("open the second login", chromedp.Navigate(l.url), chromedp.WaitVisible(chromedp.CSS(consentForm)))
	b.shot("consent-additional")
	if n := b.count(`input[data-kakaologin-item]`); n != 1 || b.count(item("account_email")) != 1 {
		t.Errorf("additional consent shows %d items, want only account_email", n)
	}
	b.do("agree", chromedp.Click(chromedp.CSS(agreeButton)))
	if acc := account(t, loginOK(b.ctx, t, l)); acc["email"] != "kakao.tester@example.com" {
		t.Errorf("after additional consent: email %v", acc["email"])
	}

	// Logout: back on the app, and the next login asks for the account
	// again, but not for consent.
	b.do("log out of Kakao", chromedp.Navigate(k.logoutURL()), chromedp.WaitVisible(chromedp.CSS("#bye")))
	l = k.startLogin(b.ctx, t)
	b.do("open the third login", chromedp.Navigate(l.url), chromedp.WaitVisible(chromedp.CSS(chooser)))
	b.do("pick 김카카오 again", chromedp.Click(chromedp.CSS(userButton("3958471203"))))
	if p := loginOK(b.ctx, t, l); p["id"] != 3958471203.0 {
		t.Errorf("after logout: profile id %v", p["id"])
	}
}

// Cancel on the consent page: exit 3, access_denied, nothing on stdout.
func TestBrowserCancel(t *testing.T) {
	b := newBrowser(t)
	k := newKakao(t)
	l := k.startLogin(b.ctx, t, "--login-hint", "cancel@example.com")
	b.do("open the authorize URL", chromedp.Navigate(l.url), chromedp.WaitVisible(chromedp.CSS(loginForm)))
	if v, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS("#login_id"))); err != nil || v != "cancel@example.com" {
		t.Errorf("login_hint pre-fills %q (%v)", v, err)
	}
	b.do("log in", chromedp.Click(chromedp.CSS(loginForm+" button")), chromedp.WaitVisible(chromedp.CSS(cancelButton)))
	b.shot("consent-cancel")
	b.do("cancel", chromedp.Click(chromedp.CSS(cancelButton)))
	code, stdout, stderr := l.wait(b.ctx, t)
	if code != 3 || stdout != "" || !strings.Contains(stderr, "access_denied") {
		t.Errorf("cancel: exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
}

// An unknown account is an error on the page, as on Kakao; the person
// then picks a user from the list.
func TestBrowserUnknownAccount(t *testing.T) {
	b := newBrowser(t)
	k := newKakao(t)
	l := k.startLogin(b.ctx, t)
	b.do("type an unknown account", chromedp.Navigate(l.url), chromedp.WaitVisible(chromedp.CSS(loginForm)),
		chromedp.SendKeys(chromedp.CSS("#login_id"), "nobody@example.com"),
		chromedp.Click(chromedp.CSS(loginForm+" button")), chromedp.WaitVisible(chromedp.CSS("[data-kakaologin-error]")))
	b.shot("account-error")
	if msg := b.text("[data-kakaologin-error]"); !strings.Contains(msg, "No test user matches “nobody@example.com”") {
		t.Errorf("inline error = %q", msg)
	}
	b.do("pick 박미인증", chromedp.Click(chromedp.CSS(userButton("4120567891"))), chromedp.WaitVisible(chromedp.CSS(consentForm)),
		chromedp.Click(chromedp.CSS(agreeButton)))
	if p := loginOK(b.ctx, t, l); p["id"] != 4120567891.0 {
		t.Errorf("profile id %v, want 4120567891", p["id"])
	}
}
