package cmd

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// authorizeOnce loads the authorize page of a running `kakaologin mock`
// without following redirects.
func authorizeOnce(t *testing.T, m *mockCLI) (*http.Response, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	q := url.Values{"client_id": {emulator.DefaultClientID}, "redirect_uri": {m.RedirectURI}, "response_type": {"code"}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, m.URL+"/oauth/authorize?"+q.Encode(), nil)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestMockShowsPagesUnlessAutoApprove(t *testing.T) {
	m, err := startMockCLI(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	defer m.Stop()
	if res, body := authorizeOnce(t, m); res.StatusCode != http.StatusOK || !strings.Contains(body, `<meta name="kakaologin-emulator" content="account">`) {
		t.Errorf("default: %d, want the account page", res.StatusCode)
	}
	if !strings.Contains(m.Stderr(), "Login pages: shown") {
		t.Errorf("stderr does not say the pages are shown: %s", m.Stderr())
	}

	auto, err := startMockCLI(func(string) string { return "" }, "--auto-approve")
	if err != nil {
		t.Fatal(err)
	}
	defer auto.Stop()
	if res, _ := authorizeOnce(t, auto); res.StatusCode != http.StatusFound || !strings.Contains(res.Header.Get("Location"), "code=") {
		t.Errorf("--auto-approve: %d %q, want a 302 with a code", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestMockLogoutRedirectURI(t *testing.T) {
	m, err := startMockCLI(func(string) string { return "" }, "--logout-redirect-uri", "http://localhost:3000/bye")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Stop()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}
	for uri, want := range map[string]int{"http://localhost:3000/bye": http.StatusFound, "http://localhost:3000/other": http.StatusBadRequest} {
		res, err := c.Get(m.URL + "/oauth/logout?" + url.Values{"client_id": {emulator.DefaultClientID}, "logout_redirect_uri": {uri}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("logout to %s: %d, want %d", uri, res.StatusCode, want)
		}
	}
	if _, err := startMockCLI(func(string) string { return "" }, "--logout-redirect-uri", "localhost:3000"); err == nil || !strings.Contains(err.Error(), "want an http or https URL") {
		t.Errorf("a logout URI without scheme: err = %v", err)
	}
}
