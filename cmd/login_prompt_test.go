package cmd

import (
	"context"
	"strings"
	"testing"
	"time"
)

// On a terminal the authorize URL comes first, then a waiting line that a
// warning about an ignored answer writes over, and the line is gone once
// done returns.
func TestLoginPromptWaitingLineOnTerminal(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stderr lockedBuffer
	p := &loginPrompt{opts: &LoginOptions{IO: &IOStreams{ErrOut: &stderr, ErrTTY: true}, NoBrowser: true, Timeout: time.Minute}}
	if err := p.open(ctx, "http://127.0.0.1:1/oauth/authorize?client_id=x"); err != nil {
		t.Fatal(err)
	}
	p.warnIgnored(`it carried no state (error "x\x1b[2J")`)
	p.done()
	got := stderr.String()
	if want := "Open this URL in your browser to log in:\n\n  http://127.0.0.1:1/oauth/authorize?client_id=x\n\n"; !strings.HasPrefix(got, want) {
		t.Errorf("stderr starts %q, want the URL first: %q", got, want)
	}
	for _, want := range []string{"\rWaiting for the login in the browser (", "\r\x1b[Kwarning: ignored an answer to the callback URL: it carried no state"} {
		if !strings.Contains(got, want) {
			t.Errorf("stderr lacks %q: %q", want, got)
		}
	}
	if strings.Contains(got, "\x1b[2J") {
		t.Errorf("the answer's escape reached the terminal: %q", got)
	}
	if !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("stderr ends %q, want the waiting line cleared once done returned", got)
	}
}

// Off a terminal the waiting line is one plain line, and headless logins
// (--headless, --mock) print nothing at all.
func TestLoginPromptPlainAndHeadless(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stderr lockedBuffer
	opened := ""
	p := &loginPrompt{opts: &LoginOptions{IO: &IOStreams{ErrOut: &stderr}, Timeout: time.Minute,
		OpenBrowser: func(u string) error { opened = u; return nil }}}
	if err := p.open(ctx, "http://127.0.0.1:1/oauth/authorize"); err != nil {
		t.Fatal(err)
	}
	p.done()
	if want := "Opened the Kakao login page in your browser.\nWaiting up to 1m0s for the login to finish in the browser...\n"; stderr.String() != want || opened == "" {
		t.Errorf("stderr %q, browser got %q; want %q and the URL", stderr.String(), opened, want)
	}

	var quiet lockedBuffer
	p = &loginPrompt{opts: &LoginOptions{IO: &IOStreams{ErrOut: &quiet, ErrTTY: true}, Mock: true, Timeout: time.Minute}}
	if err := p.open(ctx, "http://127.0.0.1:1/oauth/authorize"); err == nil {
		t.Error("headless open of an unreachable server succeeded")
	}
	p.done()
	if quiet.String() != "" {
		t.Errorf("a headless login wrote %q to stderr", quiet.String())
	}
}
