package flow_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

func TestResolvedFillsDefaults(t *testing.T) {
	c := flow.Config{ClientID: "k"}.Resolved()
	if c.RedirectURI != flow.DefaultRedirectURI || c.AuthURL != flow.DefaultAuthURL || c.APIURL != flow.DefaultAPIURL ||
		c.HTTPClient == nil || c.HTTPClient.Timeout != 30*time.Second || c.ClientID != "k" {
		t.Errorf("Resolved() = %+v", c)
	}
	client := &http.Client{}
	c = flow.Config{RedirectURI: "http://127.0.0.1:9/cb", AuthURL: "http://a.test//", APIURL: "http://b.test/", HTTPClient: client}.Resolved()
	if c.RedirectURI != "http://127.0.0.1:9/cb" || c.AuthURL != "http://a.test" || c.APIURL != "http://b.test" || c.HTTPClient != client {
		t.Errorf("Resolved() changed what was set: %+v", c)
	}
	if c.TokenURL() != "http://a.test/oauth/token" {
		t.Errorf("TokenURL %q", c.TokenURL())
	}
}

func TestDiscoverFromEmulator(t *testing.T) {
	ts := emulatortest.Start(t)
	cfg := flow.Config{AuthURL: ts.URL + "/"}
	d, err := cfg.Discover(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	if d.Issuer != ts.URL || d.TokenEndpoint != cfg.TokenURL() || d.JWKSURI != ts.URL+"/.well-known/jwks.json" ||
		!strings.Contains(string(d.Raw), `"code_challenge_methods_supported"`) {
		t.Errorf("document %+v", d)
	}
}

func TestDiscoverErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		status      int
		contentType string
		body        string
		want        any // *flow.AuthError or *flow.ProtocolError
		wantStatus  int
	}{
		"not found page":   {404, "text/html", "<h1>Not Found</h1>", &flow.ProtocolError{}, 404},
		"kakao error":      {400, "application/json", `{"error":"invalid_request","error_code":"KOE001"}`, &flow.AuthError{}, 400},
		"html with 200":    {200, "text/html", "<!doctype html><title>nginx</title>", &flow.ProtocolError{}, 200},
		"json array":       {200, "application/json", `["issuer"]`, &flow.ProtocolError{}, 200},
		"broken json":      {200, "application/json", `{"issuer":`, &flow.ProtocolError{}, 200},
		"issuer not a str": {200, "application/json", `{"issuer":1}`, &flow.ProtocolError{}, 200},
	} {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != flow.DiscoveryPath {
				t.Errorf("%s: request to %s", name, r.URL.Path)
			}
			w.Header().Set("Content-Type", tc.contentType)
			w.WriteHeader(tc.status)
			w.Write([]byte(tc.body))
		}))
		_, err := flow.Config{AuthURL: ts.URL}.Discover(testContext(t))
		ts.Close()
		switch want := tc.want.(type) {
		case *flow.AuthError:
			if !errors.As(err, &want) || want.Status != tc.wantStatus {
				t.Errorf("%s: %v, want *AuthError with status %d", name, err, tc.wantStatus)
			}
		case *flow.ProtocolError:
			if !errors.As(err, &want) || want.Status != tc.wantStatus {
				t.Errorf("%s: %v, want *ProtocolError with status %d", name, err, tc.wantStatus)
			}
		}
		if err != nil && !strings.HasPrefix(err.Error(), "discovery: ") {
			t.Errorf("%s: %q lacks the discovery: prefix", name, err)
		}
	}
}

// An empty access token sends no Authorization header: Kakao's API server
// (and the emulator) answer 401 -401, the doctor's probe.
func TestMeWithoutTokenIs401(t *testing.T) {
	ts := emulatortest.Start(t)
	_, err := flow.Config{APIURL: ts.URL}.Me(testContext(t), "", flow.MeParams{})
	wantAPIError(t, err, -401, "this access token does not exist")
	var a *flow.APIError
	if errors.As(err, &a) && a.Status != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", a.Status)
	}
}
