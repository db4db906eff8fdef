package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// Off by default: a loopback redirect URI must match at its registered
// port too, as at Kakao.
func TestAnyLoopbackPortOffByDefault(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.authorize(authParams("redirect_uri", "http://localhost:9999/callback"))
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "KOE006") {
		t.Fatalf("another port of %s: status %d %q, want the KOE006 page", emulator.DefaultRedirectURI, res.status, res.body)
	}
}

// With AnyLoopbackPort, a registered loopback URI matches at any port, at
// authorize (redirecting to the port asked for) and at token (the port the
// code was issued for, and only that one).
func TestAnyLoopbackPortAcceptsAnyPort(t *testing.T) {
	for _, tc := range []struct{ registered, asked string }{
		{"http://127.0.0.1:0/callback", "http://127.0.0.1:51234/callback"},
		{emulator.DefaultRedirectURI, "http://localhost:9999/callback"},
		{emulator.DefaultRedirectURI, "http://localhost/callback"},
		{"http://[::1]:8734/cb?app=demo", "http://[::1]:40000/cb?app=demo"},
		{"http://LOCALHOST:0/callback", "http://LOCALHOST:8080/callback"},
	} {
		t.Run(tc.asked, func(t *testing.T) {
			v := newEnv(t, emulator.Config{AnyLoopbackPort: true, App: emulator.App{RedirectURIs: []string{tc.registered}}})
			res := v.authorize(authParams("redirect_uri", tc.asked))
			sep := map[bool]string{false: "?", true: "&"}[strings.Contains(tc.asked, "?")]
			if loc := res.header.Get("Location"); res.status != http.StatusFound || !strings.HasPrefix(loc, tc.asked+sep+"code=") {
				t.Fatalf("authorize: status %d, Location %q, want a 302 to %s%scode=...", res.status, loc, tc.asked, sep)
			}
			code := v.code(authParams("redirect_uri", tc.asked))
			form := codeForm(code)
			form.Set("redirect_uri", tc.registered)
			if res := v.tokenRequest(form); res.status != http.StatusBadRequest || !strings.Contains(res.body, "KOE303") {
				t.Errorf("token with the registered port: status %d %s, want KOE303", res.status, res.body)
			}
			form = codeForm(v.code(authParams("redirect_uri", tc.asked)))
			form.Set("redirect_uri", tc.asked)
			if res := v.tokenRequest(form); res.status != http.StatusOK {
				t.Errorf("token with the port asked for: status %d %s, want 200", res.status, res.body)
			}
		})
	}
}

// Only the port may differ: another scheme, host, path or query is still
// KOE006, and so is any port of a URI that is not on loopback.
func TestAnyLoopbackPortOnlyThePort(t *testing.T) {
	v := newEnv(t, emulator.Config{AnyLoopbackPort: true, App: emulator.App{RedirectURIs: []string{
		"http://127.0.0.1:8734/callback", "https://app.example.com:8443/callback",
	}}})
	for _, asked := range []string{
		"http://127.0.0.1:9999/other",
		"http://127.0.0.1:9999/callback/",
		"http://127.0.0.1:9999/callback?x=1",
		"http://127.0.0.1:9999/callback#x",
		"https://127.0.0.1:9999/callback",
		"http://localhost:9999/callback",
		"http://127.0.0.2:9999/callback",
		"http://user@127.0.0.1:9999/callback",
		"http://127.0.0.1:port/callback",
		"http://127.0.0.1:9999",
		"https://app.example.com:9443/callback",
	} {
		res := v.authorize(authParams("redirect_uri", asked))
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "KOE006") {
			t.Errorf("%s: status %d, Location %q, want the KOE006 page", asked, res.status, res.header.Get("Location"))
		}
	}
}
