package flow

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Config is one Kakao app as the client sees it.
type Config struct {
	ClientID     string // REST API key (required)
	ClientSecret string // "" when the key's client secret is off
	RedirectURI  string // default DefaultRedirectURI
	AuthURL      string // auth server base URL; default DefaultAuthURL
	APIURL       string // API server base URL; default DefaultAPIURL
	// HTTPClient makes every request; default a client with a 30 s timeout.
	HTTPClient *http.Client
	// Now is the clock an id_token's expiry is checked against (Login, and
	// VerifyIDToken when VerifyOptions.Now is nil); default time.Now.
	Now func() time.Time
	// Trace, when set, also records the callback the browser delivers
	// (wrap HTTPClient's transport with Trace.Transport for the requests).
	Trace *Tracer
}

var defaultHTTPClient = &http.Client{Timeout: 30 * time.Second}

func (c Config) httpClient() *http.Client {
	if c.HTTPClient != nil {
		return c.HTTPClient
	}
	return defaultHTTPClient
}

func (c Config) authURL() string { return strings.TrimRight(orDefault(c.AuthURL, DefaultAuthURL), "/") }
func (c Config) apiURL() string  { return strings.TrimRight(orDefault(c.APIURL, DefaultAPIURL), "/") }

// Resolved returns c with every default filled in, as the methods use it:
// RedirectURI DefaultRedirectURI when empty, AuthURL and APIURL
// DefaultAuthURL and DefaultAPIURL when empty and without trailing
// slashes, HTTPClient the default client (30 s timeout) when nil. Callers
// use it to show the settings a request goes out with.
func (c Config) Resolved() Config {
	c.RedirectURI = orDefault(c.RedirectURI, DefaultRedirectURI)
	c.AuthURL = c.authURL()
	c.APIURL = c.apiURL()
	c.HTTPClient = c.httpClient()
	return c
}

// TokenURL is the token endpoint of the auth server.
func (c Config) TokenURL() string { return c.authURL() + "/oauth/token" }

// oauth2 is the x/oauth2 view of the app. Kakao only supports
// client_secret_post, so the auth style is fixed to in-params: auto-detect
// would waste a first request (counted by Kakao's token rate limit).
func (c Config) oauth2() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  orDefault(c.RedirectURI, DefaultRedirectURI),
		Endpoint: oauth2.Endpoint{
			AuthURL:   c.authURL() + "/oauth/authorize",
			TokenURL:  c.TokenURL(),
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// randomString returns n random bytes from crypto/rand, base64url encoded.
func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails on supported platforms (Go 1.24+ crashes instead)
	return base64.RawURLEncoding.EncodeToString(b)
}
