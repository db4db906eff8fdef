package emulator

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestSigningKeyIsLazy checks that neither New nor a flow without openid
// generates the RSA key, and that the first JWKS request does.
func TestSigningKeyIsLazy(t *testing.T) {
	e, err := New(Config{AutoApprove: true})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Handler(e)
	do := func(method, target, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, target, strings.NewReader(body))
		r.Host = "127.0.0.1" // the emulator serves loopback hosts only
		if body != "" {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	if e.keys.key != nil {
		t.Fatal("New generated the signing key")
	}
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {DefaultRedirectURI}, "response_type": {"code"}}
	loc, _ := url.Parse(do("GET", "/oauth/authorize?"+q.Encode(), "").Header().Get("Location"))
	f := url.Values{"grant_type": {"authorization_code"}, "client_id": {DefaultClientID},
		"redirect_uri": {DefaultRedirectURI}, "code": {loc.Query().Get("code")}}
	if w := do("POST", "/oauth/token", f.Encode()); w.Code != http.StatusOK || strings.Contains(w.Body.String(), "id_token") {
		t.Fatalf("token: %d %s", w.Code, w.Body)
	}
	do("GET", "/.well-known/openid-configuration", "")
	if e.keys.key != nil {
		t.Fatal("a flow without openid generated the signing key")
	}
	if w := do("GET", "/.well-known/jwks.json", ""); w.Code != http.StatusOK {
		t.Fatalf("jwks: %d %s", w.Code, w.Body)
	}
	if e.keys.key == nil || e.keys.key.N.BitLen() != 2048 {
		t.Fatal("no 2048-bit key after the JWKS request")
	}
}
