package flow

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// request sends a GET to rawURL with the Host header host ("" keeps the
// URL's) and returns the status and body.
func request(ctx context.Context, t *testing.T, rawURL, host string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// reports collects what OnIgnored reports.
type reports struct {
	mu   sync.Mutex
	list []string
}

func (r *reports) add(reason string) { r.mu.Lock(); r.list = append(r.list, reason); r.mu.Unlock() }

func (r *reports) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.list...)
}

// stillWaiting fails unless Wait is still waiting: nothing ended the login.
func stillWaiting(t *testing.T, srv *CallbackServer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if cb, err := srv.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait = %+v, %v: an ignored answer ended the login", cb, err)
	}
}

// Any web page can send the browser to the callback URL. Without this
// login's state, whatever the answer carries, it must not end the login,
// and what it carries must not reach the terminal as control characters.
func TestCallbackAnswersWithoutStateDoNotEndLogin(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := listenTest(t)
	var got reports
	srv.OnIgnored(got.add)
	foreign := []string{
		"?error=x&error_description=%1b%5d0%3bpwned%07%1b%5b2J",
		"?error=access_denied&error_description=User%20denied%20access",
		"?error=access_denied&state=stale-tab",
		"?code=injected",
		"?code=injected&state=",
		"?code=injected&state=" + url.QueryEscape(srv.State()+"x"),
	}
	for _, q := range foreign {
		status, body := request(ctx, t, srv.RedirectURI()+q, "")
		if status != http.StatusBadRequest || !strings.Contains(body, "ignored") {
			t.Errorf("%s: %d %q, want 400 saying it was ignored", q, status, body)
		}
	}
	stillWaiting(t, srv)
	reasons := got.all()
	if len(reasons) != len(foreign) {
		t.Fatalf("reported %d ignored answers, want %d: %q", len(reasons), len(foreign), reasons)
	}
	escaped := false
	for _, r := range reasons {
		if strings.ContainsFunc(r, func(c rune) bool { return c < 0x20 || c == 0x7f }) {
			t.Errorf("reason %q carries control characters to the terminal", r)
		}
		escaped = escaped || strings.Contains(r, `no state (error "x": "\x1b]0;pwned\a\x1b[2J")`)
	}
	if !escaped {
		t.Errorf("no reason shows the escaped description and the missing state: %q", reasons)
	}
	// The real answer still arrives after all that.
	request(ctx, t, srv.RedirectURI()+"?code=real&state="+srv.State(), "")
	if cb, err := srv.Wait(ctx); err != nil || cb.Code != "real" {
		t.Fatalf("Wait = %+v, %v, want the real code", cb, err)
	}
}
