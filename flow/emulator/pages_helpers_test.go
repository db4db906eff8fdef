package emulator_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// newPagesEnv starts an emulator that shows Kakao's pages (cfg as given,
// AutoApprove false unless set) with a client that keeps cookies, as a
// browser keeps the Kakao Account session.
func newPagesEnv(t *testing.T, cfg emulator.Config) *env {
	t.Helper()
	v := startEnv(t, cfg)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	v.client.Jar = jar
	return v
}

var (
	markerPattern = regexp.MustCompile(`<meta name="kakaologin-emulator" content="([a-z]+)">`)
	tokenPattern  = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	itemPattern   = regexp.MustCompile(`<input type="checkbox"[^>]*data-kakaologin-item="([^"]+)"[^>]*>`)
)

// pageStep is the kakaologin-emulator marker of a page, "" if none.
func pageStep(body string) string {
	if m := markerPattern.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// wantPage checks that res is the page of step and returns its form token.
func wantPage(t *testing.T, res response, step string) string {
	t.Helper()
	if res.status != http.StatusOK || pageStep(res.body) != step {
		t.Fatalf("want the %s page, got %d %s (Location %q)\n%s", step, res.status, pageStep(res.body), res.header.Get("Location"), res.body)
	}
	m := tokenPattern.FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no csrf_token on the %s page", step)
	}
	return html.UnescapeString(m[1])
}

// consentItems lists the consent page's checkboxes as "id" for optional
// ones (with "+" when checked) and "id!" for required ones.
func consentItems(body string) []string {
	var out []string
	for _, m := range itemPattern.FindAllStringSubmatch(body, -1) {
		s := m[1]
		if strings.Contains(m[0], "data-kakaologin-required") {
			s += "!"
		} else if strings.Contains(m[0], " checked") {
			s += "+"
		}
		out = append(out, s)
	}
	return out
}

// post submits a page's form to path.
func (v *env) post(path string, form url.Values) response {
	v.t.Helper()
	return v.do("POST", path, formHeader, form.Encode())
}

// pickUser submits the account chooser with user id.
func (v *env) pickUser(token, id string) response {
	v.t.Helper()
	return v.post("/oauth/authorize/account", url.Values{"csrf_token": {token}, "user": {id}})
}

// agree submits the consent form agreeing with the optional items given.
func (v *env) agree(token string, items ...string) response {
	v.t.Helper()
	return v.post("/oauth/authorize/consent", url.Values{"csrf_token": {token}, "action": {"agree"}, "scope": items})
}

// codeFrom returns the code of a 302 to the registered redirect URI.
func codeFrom(t *testing.T, res response) string {
	t.Helper()
	loc, err := url.Parse(res.header.Get("Location"))
	if res.status != http.StatusFound || err != nil || loc.Query().Get("code") == "" ||
		!strings.HasPrefix(loc.String(), emulator.DefaultRedirectURI+"?") {
		t.Fatalf("want a 302 with a code to the redirect URI, got %d %q %s", res.status, res.header.Get("Location"), res.body)
	}
	return loc.Query().Get("code")
}

// exchange trades a code for tokens.
func (v *env) exchange(code string) tokens {
	v.t.Helper()
	res := v.tokenRequest(codeForm(code))
	if res.status != http.StatusOK {
		v.t.Fatalf("token: %d %s", res.status, res.body)
	}
	return decodeTokens(v.t, res.body)
}

// json64 is n as decode returns a JSON number.
func json64(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }
