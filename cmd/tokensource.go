package cmd

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

// tokenPath is where saved tokens live: KAKAOLOGIN_TOKEN_FILE, else the
// XDG config directory.
func (f *Factory) tokenPath() (string, error) {
	if p := f.Getenv("KAKAOLOGIN_TOKEN_FILE"); p != "" {
		return p, nil
	}
	return tokenfile.DefaultPath(f.Getenv)
}

// tokenInput is a token resolved from, in order: the flag ("-" reads
// stdin), the environment variable, the saved token file.
type tokenInput struct {
	value string
	from  string           // "flag", "stdin", "env", "saved"
	saved *tokenfile.Saved // the saved file, when it was read
	path  string           // the saved file's path
}

// resolveToken finds a token: flagName's value (flagValue, "-" for one
// line of stdin), envName, or the saved file, whose field pick selects.
// The token is checked (see checkToken) whatever its source.
func (f *Factory) resolveToken(flagName, flagValue, envName, what string, pick func(*tokenfile.Saved) string) (tokenInput, error) {
	in, err := f.findToken(flagValue, envName, what, pick)
	if err != nil {
		return tokenInput{}, err
	}
	source := map[string]string{"flag": flagName, "stdin": "stdin", "env": envName, "saved": "the saved token " + in.path}[in.from]
	if err := checkToken(in.value); err != nil {
		return tokenInput{}, usageErrorf(fmt.Errorf("the %s from %s %w: pass the token alone", what, source, err))
	}
	return in, nil
}

func (f *Factory) findToken(flagValue, envName, what string, pick func(*tokenfile.Saved) string) (tokenInput, error) {
	switch {
	case flagValue == "-":
		line, err := readLine(f.IO.In, maxTokenLen)
		if err == nil && line == "" {
			err = errors.New("empty line")
		}
		if err != nil {
			return tokenInput{}, usageErrorf(fmt.Errorf("read %s from stdin: %v: pipe the token in, e.g. echo $TOKEN | kakaologin ...", what, err))
		}
		return tokenInput{value: line, from: "stdin"}, nil
	case flagValue != "":
		return tokenInput{value: flagValue, from: "flag"}, nil
	}
	if v := f.Getenv(envName); v != "" {
		return tokenInput{value: v, from: "env"}, nil
	}
	path, err := f.tokenPath()
	if err != nil {
		return tokenInput{}, err
	}
	saved, err := tokenfile.Load(path)
	if errors.Is(err, tokenfile.ErrNotSaved) {
		return tokenInput{}, usageErrorf(fmt.Errorf("no %s: pass it with a flag (- reads stdin), set %s, or run kakaologin login --save", what, envName))
	}
	if err != nil {
		return tokenInput{}, usageErrorf(loadHint(err))
	}
	v := pick(saved)
	if v == "" {
		return tokenInput{}, usageErrorf(fmt.Errorf("the saved token at %s has no %s: log in again with --save", path, what))
	}
	return tokenInput{value: v, from: "saved", saved: saved, path: path}, nil
}

// savedAPIURL and savedAuthURL are the servers the saved token names.
func savedAPIURL(in tokenInput) string {
	if in.saved == nil {
		return ""
	}
	return in.saved.APIURL
}

func savedAuthURL(in tokenInput) string {
	if in.saved == nil {
		return ""
	}
	return in.saved.AuthURL
}

func (f *Factory) accessToken(flagValue string) (tokenInput, error) {
	return f.resolveToken("--token", flagValue, "KAKAO_ACCESS_TOKEN", "access token", func(s *tokenfile.Saved) string { return s.AccessToken })
}

// savedFrom builds the token file content from a token response.
// Lifetimes are bounded (see expiryAt; lifetimeWarnings says when).
func savedFrom(tok *flow.Token, cfg flow.Config, now time.Time) *tokenfile.Saved {
	s := &tokenfile.Saved{
		AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken,
		IDToken: tok.IDToken, Scope: tok.Scope, SavedAt: now.UTC().Truncate(time.Second),
		ClientID: cfg.ClientID, AuthURL: cfg.AuthURL, APIURL: cfg.APIURL,
	}
	// A huge expires_in used to overflow, or save a token valid for centuries.
	s.ExpiresAt, _ = expiryAt(now, tok.ExpiresIn)
	if tok.RefreshTokenExpiresIn > 0 {
		s.RefreshTokenExpiresAt, _ = expiryAt(now, tok.RefreshTokenExpiresIn)
	}
	return s
}

// loadHint adds the fix to a token file that others could have written.
func loadHint(err error) error {
	if errors.Is(err, tokenfile.ErrInsecure) {
		return fmt.Errorf("%w: make it yours and writable by you only (chmod go-w), or set KAKAOLOGIN_TOKEN_FILE to a file in a private directory", err)
	}
	if errors.Is(err, tokenfile.ErrNotTokenFile) {
		return fmt.Errorf("%w: delete it or log in again with --save", err)
	}
	return err
}

// withSaved fills the REST API key left unset from the saved token.
//
// The servers recorded in the file are never where a request goes: the
// file may have been written by someone else, and the refresh grant sends
// the client secret to the auth server. They only check that a saved token
// goes back to the server that issued it (see sameServer).
func withSaved(cfg flow.Config, in tokenInput) flow.Config {
	if in.saved != nil && cfg.ClientID == "" {
		cfg.ClientID = in.saved.ClientID
	}
	return cfg
}

// sameServer refuses to send a saved token to a server other than the one
// that issued it: a token saved from an emulator is not sent to Kakao, nor
// a Kakao token to whatever a stale KAKAOLOGIN_API_URL points at.
// configured is the flag/env value ("" for the default); flagName and
// envName are how to change it.
func sameServer(in tokenInput, saved, configured, def, flagName, envName string) error {
	if in.saved == nil {
		return nil
	}
	norm := func(u string) string {
		if u == "" {
			u = def
		}
		return strings.TrimRight(u, "/")
	}
	if norm(saved) == norm(configured) {
		return nil
	}
	return usageErrorf(fmt.Errorf("the saved token at %s was issued by %s, not by %s where it would go: pass %s or set %s to %s if you trust that server, or log in again with --save",
		in.path, norm(saved), norm(configured), flagName, envName, norm(saved)))
}
