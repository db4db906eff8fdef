package flow

import (
	"strings"

	"golang.org/x/oauth2"
)

// AuthorizeParams are the optional parameters of the authorize request.
type AuthorizeParams struct {
	Scopes       []string // additional consent items, e.g. account_email; sent space-separated
	Prompt       []string // login, none, create, select_account; sent comma-separated
	LoginHint    string
	ServiceTerms []string // Kakao Sync service-terms tags; sent comma-separated
	Nonce        string   // OIDC nonce
}

// Session is one login attempt: its random state, its PKCE verifier and the
// authorize URL that carries both (the state and the S256 challenge).
type Session struct {
	State    string // 256 random bits, base64url
	Verifier string // PKCE code verifier (RFC 7636), 256 random bits; "" (and no challenge in URL) for a CodeOnly login
	URL      string // the authorize URL to open in a browser
}

// NewState returns a fresh random state (256 bits, base64url).
func NewState() string { return randomString(32) }

// NewSession creates a session with the given state (see NewState) and a
// fresh PKCE verifier, for the redirect URI actually listened on (which may
// differ from c.RedirectURI when its port was 0).
func (c Config) NewSession(state, redirectURI string, p AuthorizeParams) Session {
	return c.newSession(state, redirectURI, p, true)
}

// newSession is NewSession, with a PKCE challenge only when pkce is set
// (Session.Verifier is "" otherwise).
func (c Config) newSession(state, redirectURI string, p AuthorizeParams, pkce bool) Session {
	cfg := c.oauth2()
	cfg.RedirectURL = redirectURI
	cfg.Scopes = p.Scopes
	s := Session{State: state}
	var opts []oauth2.AuthCodeOption
	if pkce {
		s.Verifier = oauth2.GenerateVerifier()
		opts = append(opts, oauth2.S256ChallengeOption(s.Verifier))
	}
	if len(p.Prompt) > 0 {
		opts = append(opts, oauth2.SetAuthURLParam("prompt", strings.Join(p.Prompt, ",")))
	}
	if p.LoginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", p.LoginHint))
	}
	if len(p.ServiceTerms) > 0 {
		opts = append(opts, oauth2.SetAuthURLParam("service_terms", strings.Join(p.ServiceTerms, ",")))
	}
	if p.Nonce != "" {
		opts = append(opts, oauth2.SetAuthURLParam("nonce", p.Nonce))
	}
	s.URL = cfg.AuthCodeURL(s.State, opts...)
	return s
}

// SplitList splits a comma- or space-separated list, dropping empty items.
func SplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}
