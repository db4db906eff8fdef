package flow

import (
	"errors"
	"regexp"
	"testing"
)

// cliWords are what only a command line knows: its flags, its environment
// variables, its commands.
var cliWords = regexp.MustCompile(`--[a-z]|\bKAKAO(LOGIN)?_[A-Z]|kakaologin [a-z]`)

// flow is a library: its errors and its catalogue's fixes speak of the
// request (client_id, redirect_uri), never of a flag. cmd adds the flag
// to use (cmd/errors.go).
func TestNoCLIWords(t *testing.T) {
	texts := map[string]string{
		"ErrNeedsPerson":    ErrNeedsPerson.Error(),
		"ErrStateMismatch":  ErrStateMismatch.Error(),
		"ErrNotLoopback":    ErrNotLoopback.Error(),
		"ErrBadRedirectURI": ErrBadRedirectURI.Error(),
		"ErrPortInUse":      (&ListenError{Addr: "127.0.0.1:8734", Err: ErrPortInUse}).Error(),
		"ListenError":       (&ListenError{Addr: "[::1]:8734", Err: errors.Join(errors.New("x"), ErrBadRedirectURI)}).Error(),
	}
	for _, raw := range []string{"https://localhost:1/cb", "http://localhost/cb", "http://localhost:00/cb", "http://localhost:1/cb?x", "http://a@localhost:1/cb", "http://example.com:1/cb"} {
		if _, err := ParseRedirectURI(raw); err != nil {
			texts["ParseRedirectURI "+raw] = err.Error()
		}
	}
	for _, e := range Catalog() {
		texts[e.Code+" fix"] = e.Fix
		texts[e.Code+" meaning"] = e.Meaning
	}
	for name, text := range texts {
		if w := cliWords.FindString(text); w != "" {
			t.Errorf("%s speaks CLI words (%q): %s", name, w, text)
		}
	}
}
