package flow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// Token is a token endpoint answer. Raw keeps Kakao's JSON exactly as sent
// (field order, every field), for printing.
type Token struct {
	AccessToken           string          `json:"access_token"`
	TokenType             string          `json:"token_type"`
	RefreshToken          string          `json:"refresh_token,omitempty"`
	IDToken               string          `json:"id_token,omitempty"`
	ExpiresIn             int64           `json:"expires_in"`
	RefreshTokenExpiresIn int64           `json:"refresh_token_expires_in,omitempty"`
	Scope                 string          `json:"scope,omitempty"`
	Raw                   json.RawMessage `json:"-"`
}

// Exchange trades an authorization code for tokens with golang.org/x/oauth2,
// sending client_id, client_secret (when set) and the PKCE verifier in the
// form body. redirectURI must be the one sent to authorize. Errors are
// *AuthError (Kakao's KOE answer) or *ProtocolError.
func (c Config) Exchange(ctx context.Context, code, verifier, redirectURI string) (*Token, error) {
	cfg := c.oauth2()
	cfg.RedirectURL = redirectURI
	ctx, capture := c.captureContext(ctx)
	_, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	tok, err := capture.token(err)
	if err != nil {
		return nil, fmt.Errorf("exchange code: %w", err)
	}
	return tok, nil
}

// Refresh asks for a new access token with a refresh token. Kakao returns a
// new refresh token only when the old one has under a month left: the
// returned Token's RefreshToken is then set, and empty otherwise (the old one
// stays valid). Errors as for Exchange.
func (c Config) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	if refreshToken == "" {
		return nil, errors.New("refresh token: none given")
	}
	ctx, capture := c.captureContext(ctx)
	// An expired token makes x/oauth2 refresh at once.
	src := c.oauth2().TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken, Expiry: time.Unix(1, 0)})
	_, err := src.Token()
	tok, err := capture.token(err)
	if err != nil {
		return nil, fmt.Errorf("refresh token: %w", err)
	}
	return tok, nil
}

// captureContext gives x/oauth2 an HTTP client that keeps the token
// response's raw body: x/oauth2 decodes numbers as float64 and drops order.
func (c Config) captureContext(ctx context.Context) (context.Context, *captureTransport) {
	base := c.httpClient()
	t := &captureTransport{base: base.Transport}
	if t.base == nil {
		t.base = http.DefaultTransport
	}
	client := *base
	client.Transport = t
	return context.WithValue(ctx, oauth2.HTTPClient, &client), t
}

type captureTransport struct {
	base   http.RoundTripper
	status int
	header http.Header
	body   []byte
	got    bool
	over   bool // the body was longer than tokenBodyLimit
}

func (t *captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, tokenBodyLimit+1))
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read token response: %w", err)
	}
	t.status, t.header, t.body, t.got = resp.StatusCode, resp.Header, body, true
	t.over = len(body) > tokenBodyLimit
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// token interprets the captured answer; oauthErr is what x/oauth2 said.
func (t *captureTransport) token(oauthErr error) (*Token, error) {
	if !t.got { // no answer at all: network error, timeout, cancel
		return nil, oauthErr
	}
	if t.over { // cut, it would only be misread as malformed
		return nil, tooLarge(t.status, t.header, tokenBodyLimit, ServerAuth, "the token endpoint")
	}
	if t.status < 200 || t.status > 299 {
		return nil, decodeAuthError(t.status, t.header, t.body)
	}
	// A 2xx body may hold tokens: no snippet of it goes into an error.
	if !IsJSON(t.header) {
		return nil, &ProtocolError{Status: t.status, ContentType: t.header.Get("Content-Type"), Reason: "the token endpoint answered with a body that is not JSON", Server: ServerAuth}
	}
	var tok Token
	if err := json.Unmarshal(t.body, &tok); err != nil {
		return nil, &ProtocolError{Status: t.status, Server: ServerAuth, Reason: "malformed token response: " + err.Error()}
	}
	if tok.AccessToken == "" {
		return nil, &ProtocolError{Status: t.status, Server: ServerAuth, Reason: "the token endpoint answer has no access_token"}
	}
	if oauthErr != nil && !errors.Is(oauthErr, context.Canceled) {
		// x/oauth2 refused what we accept (should not happen); say so.
		return nil, &ProtocolError{Status: t.status, Server: ServerAuth, Reason: oauthErr.Error()}
	}
	tok.Raw = json.RawMessage(bytes.TrimSpace(t.body))
	return &tok, nil
}
