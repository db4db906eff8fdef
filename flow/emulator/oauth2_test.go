package emulator_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/oauth2"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// countingTransport counts token requests, to see x/oauth2's auto-detect probe.
type countingTransport struct{ tokenCalls atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/oauth/token" {
		c.tokenCalls.Add(1)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// oauth2Login runs the whole flow with golang.org/x/oauth2: AuthCodeURL with
// PKCE and state, the browser step with a plain client, Exchange, then
// /v2/user/me through conf.Client.
func oauth2Login(t *testing.T, style oauth2.AuthStyle, secret string) (int32, *oauth2.Token) {
	t.Helper()
	v := newEnv(t, emulator.Config{App: emulator.App{ClientSecret: secret}})
	conf := &oauth2.Config{
		ClientID:     emulator.DefaultClientID,
		ClientSecret: secret,
		RedirectURL:  emulator.DefaultRedirectURI,
		Scopes:       []string{"profile_nickname", "account_email"},
		Endpoint: oauth2.Endpoint{AuthURL: v.srv.URL + "/oauth/authorize",
			TokenURL: v.srv.URL + "/oauth/token", AuthStyle: style},
	}
	verifier := oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL("st4te", oauth2.S256ChallengeOption(verifier))

	req, err := http.NewRequestWithContext(v.ctx, "GET", authURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := v.client.Do(req) // the "browser"
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusFound || loc.Query().Get("state") != "st4te" {
		t.Fatalf("authorize: %d %q %v", res.StatusCode, res.Header.Get("Location"), err)
	}

	ct := &countingTransport{}
	hc := &http.Client{Transport: ct}
	tok, err := conf.Exchange(oauth2ctx(v, hc), loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if tok.RefreshToken == "" || tok.Extra("scope") != "account_email profile_image profile_nickname" {
		t.Errorf("token: %+v scope %v", tok, tok.Extra("scope"))
	}
	me, err := conf.Client(oauth2ctx(v, hc), tok).Get(v.srv.URL + "/v2/user/me")
	if err != nil {
		t.Fatal(err)
	}
	defer me.Body.Close()
	body, _ := io.ReadAll(me.Body)
	if !strings.HasPrefix(string(body), `{"id":3958471203,`) {
		t.Errorf("user/me: %s", body)
	}
	return ct.tokenCalls.Load(), tok
}

func TestOAuth2AuthStyleInParams(t *testing.T) {
	calls, _ := oauth2Login(t, oauth2.AuthStyleInParams, "")
	if calls != 1 {
		t.Errorf("%d token requests, want 1", calls)
	}
}

func TestOAuth2AuthStyleInParamsWithSecret(t *testing.T) {
	oauth2Login(t, oauth2.AuthStyleInParams, "client-secret-on")
}

func TestOAuth2AuthStyleAutoDetect(t *testing.T) {
	// x/oauth2 tries HTTP Basic first; the emulator rejects it without
	// consuming the code, and the in-params retry succeeds.
	calls, _ := oauth2Login(t, oauth2.AuthStyleAutoDetect, "client-secret-on")
	if calls != 2 {
		t.Errorf("%d token requests, want 2 (Basic probe + retry)", calls)
	}
}

func TestOAuth2RetrieveErrorCarriesKakaoCode(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	conf := &oauth2.Config{ClientID: emulator.DefaultClientID, RedirectURL: emulator.DefaultRedirectURI,
		Endpoint: oauth2.Endpoint{TokenURL: v.srv.URL + "/oauth/token", AuthStyle: oauth2.AuthStyleInParams}}
	_, err := conf.Exchange(v.ctx, "no-such-code")
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" || !strings.Contains(string(re.Body), `"error_code":"KOE320"`) {
		t.Errorf("Exchange error = %v", err)
	}
}

// oauth2ctx makes x/oauth2 use hc for token requests, within the test's deadline.
func oauth2ctx(v *env, hc *http.Client) context.Context {
	return context.WithValue(v.ctx, oauth2.HTTPClient, hc)
}
