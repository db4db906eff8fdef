package flow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// LoginResult is what a completed login returns.
type LoginResult struct {
	Token       *Token
	Profile     json.RawMessage // /v2/user/me exactly as sent
	IDToken     *IDToken        // the verified id_token, when Kakao sent one
	RedirectURI string          // the redirect URI used (port resolved)
	// Code is the authorization code, set only with CodeOnly: Login then
	// stops at the callback and Token, Profile and IDToken are nil.
	Code string
}

// Opener shows the authorize URL to a person or a program. It runs
// concurrently with the wait for the callback; an error it returns ends
// the login with that error. It should return once it has handed the URL
// over (a headless opener: once the callback answered), and must return
// soon after ctx ends.
type Opener func(ctx context.Context, authorizeURL string) error

// LoginOption changes how Login runs; see OnIgnored and CodeOnly.
type LoginOption func(*loginSettings)

type loginSettings struct {
	onIgnored func(reason string)
	codeOnly  bool
}

// OnIgnored has Login hand fn to its callback server: fn is called, from
// the server's goroutine, for each answer the server ignored (see
// CallbackServer.OnIgnored). Default: none.
func OnIgnored(fn func(reason string)) LoginOption {
	return func(s *loginSettings) { s.onIgnored = fn }
}

// CodeOnly has Login stop at the callback and return the authorization
// code unexchanged (LoginResult.Code), for another party to exchange: a
// code is single use. The authorize request then carries no PKCE
// challenge, since that party cannot have the verifier.
func CodeOnly() LoginOption {
	return func(s *loginSettings) { s.codeOnly = true }
}

// Login runs the whole authorization-code flow: it listens on the loopback
// redirect URI (see ListenCallback), hands the authorize URL (random
// state, PKCE S256) to open, waits for the one callback, exchanges the
// code and fetches the profile. A redirect URI with port 0 listens on a
// free port, which LoginResult.RedirectURI reports. ctx bounds the wait:
// its cause (e.g. a timeout error) is returned when it ends first.
//
// When p.Scopes holds openid, a random nonce is sent (p.Nonce wins when
// set) and an id_token in the token response is verified (see
// VerifyIDToken) before the profile is fetched; a failed check returns
// no result and an *IDTokenError. Errors: see ParseRedirectURI,
// ListenCallback, Wait, Exchange, VerifyIDToken, Me.
func (c Config) Login(ctx context.Context, p AuthorizeParams, open Opener, opts ...LoginOption) (*LoginResult, error) {
	var s loginSettings
	for _, o := range opts {
		o(&s)
	}
	srv, err := ListenCallback(orDefault(c.RedirectURI, DefaultRedirectURI), c.Trace)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	srv.OnIgnored(s.onIgnored)
	if p.Nonce == "" && slices.Contains(p.Scopes, "openid") && !s.codeOnly {
		p.Nonce = randomString(16) // binds the id_token to this login
	}
	sess := c.newSession(srv.State(), srv.RedirectURI(), p, !s.codeOnly)
	c.Trace.traceOpen(sess.URL)

	waitCtx, cancel := context.WithCancelCause(ctx)
	opened := make(chan struct{})
	go func() {
		defer close(opened)
		if err := open(waitCtx, sess.URL); err != nil {
			cancel(err)
		}
	}()
	cb, err := srv.Wait(waitCtx)
	if err == nil {
		// A headless opener is still reading the callback's page: let it
		// finish rather than cut its connection.
		select {
		case <-opened:
		case <-time.After(time.Second):
		}
	}
	cancel(nil)
	<-opened
	if err != nil {
		return nil, err
	}
	srv.Close() // nothing more to receive: free the port now
	if s.codeOnly {
		return &LoginResult{Code: cb.Code, RedirectURI: srv.RedirectURI()}, nil
	}
	tok, err := c.Exchange(ctx, cb.Code, sess.Verifier, srv.RedirectURI())
	if err != nil {
		return nil, err
	}
	res := &LoginResult{Token: tok, RedirectURI: srv.RedirectURI()}
	if tok.IDToken != "" {
		// An id_token that fails a check makes the whole answer suspect:
		// nothing of it is returned as if the login had succeeded.
		if res.IDToken, err = c.VerifyIDToken(ctx, tok.IDToken, VerifyOptions{Nonce: p.Nonce, Now: c.Now}); err != nil {
			return nil, err
		}
	}
	if res.Profile, err = c.Me(ctx, tok.AccessToken, MeParams{}); err != nil {
		return res, fmt.Errorf("login succeeded but %w", err)
	}
	return res, nil
}
