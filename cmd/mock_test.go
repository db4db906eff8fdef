package cmd

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
)

// startRunMock validates opts (IO, Ready and the TTLs filled in) and runs
// runMock until stop, which cancels it like Ctrl-C and returns its error.
func startRunMock(t *testing.T, ctx context.Context, opts *MockOptions, stderr io.Writer) (base string, stop func() error) {
	t.Helper()
	ready := make(chan string, 1)
	opts.IO = &IOStreams{Out: io.Discard, ErrOut: stderr}
	opts.AccessTokenTTL, opts.RefreshTokenTTL = time.Hour, time.Hour
	opts.Ready = func(base string) { ready <- base }
	if err := opts.validate(); err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- runMock(runCtx, opts) }()
	select {
	case base = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("runMock ended early: %v", err)
	}
	return base, func() error { cancel(); return <-done }
}

func TestRunMockServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	base, stop := startRunMock(t, ctx, &MockOptions{Addr: "127.0.0.1:0"}, &stderr)
	resp, err := http.Get(base + "/_emulator/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("health = %d", resp.StatusCode)
	}
	for _, want := range []string{"export KAKAOLOGIN_AUTH_URL=" + base, "export KAKAOLOGIN_API_URL=" + base} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if err := stop(); err != nil {
		t.Errorf("runMock after Ctrl-C = %v, want nil", err)
	}
	if _, err := http.Get(base + "/_emulator/health"); err == nil {
		t.Error("emulator still serving after stop")
	}
}

func TestMockValidate(t *testing.T) {
	for addr, want := range map[string]string{
		"0.0.0.0:8735": "not a loopback address",
		"8735":         "want HOST:PORT",
		"10.1.2.3:80":  "--allow-remote",
	} {
		o := &MockOptions{Addr: addr, AccessTokenTTL: time.Hour, RefreshTokenTTL: time.Hour}
		if err := o.validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validate(%s) = %v, want %q", addr, err, want)
		}
	}
	o := &MockOptions{Addr: "0.0.0.0:0", AllowRemote: true, AccessTokenTTL: time.Hour, RefreshTokenTTL: time.Hour}
	if err := o.validate(); err != nil {
		t.Errorf("--allow-remote: %v", err)
	}
	o = &MockOptions{Addr: "127.0.0.1:0", Consent: "profile_nickname:required,account_email,gender:maybe", AccessTokenTTL: time.Hour, RefreshTokenTTL: time.Hour}
	if err := o.validate(); err == nil || !strings.Contains(err.Error(), "gender:maybe") {
		t.Errorf("bad consent: %v", err)
	}
}

// Without --allow-remote, a request for another host name (a web page using
// DNS rebinding) is refused; with it, any Host is served.
func TestRunMockHostCheck(t *testing.T) {
	for _, allowRemote := range []bool{false, true} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		base, stop := startRunMock(t, ctx, &MockOptions{Addr: "127.0.0.1:0", AllowRemote: allowRemote}, io.Discard)
		want := map[bool]int{false: http.StatusMisdirectedRequest, true: http.StatusOK}[allowRemote]
		for host, status := range map[string]int{"rebound.example:8735": want, strings.TrimPrefix(base, "http://"): http.StatusOK} {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_emulator/users", nil)
			req.Host = host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != status {
				t.Errorf("--allow-remote=%v, Host %s: status %d, want %d", allowRemote, host, resp.StatusCode, status)
			}
		}
		if err := stop(); err != nil {
			t.Errorf("runMock: %v", err)
		}
	}
}

// The in-process emulator of login --mock registers its redirect URI at
// any port, since the callback server takes its port after the emulator
// started; other paths and hosts are still refused.
func TestStartLoginMockRegistersRedirectAtAnyPort(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	base, stop, err := startLoginMock(flow.Config{ClientID: emulator.DefaultClientID, RedirectURI: mockRedirectURI}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for redirect, want := range map[string]int{
		"http://127.0.0.1:4321/callback":  http.StatusFound,
		"http://127.0.0.1:54321/callback": http.StatusFound,
		"http://127.0.0.1:4321/other":     http.StatusBadRequest,
		"http://localhost:4321/callback":  http.StatusBadRequest,
	} {
		q := url.Values{"client_id": {emulator.DefaultClientID}, "redirect_uri": {redirect}, "response_type": {"code"}}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/oauth/authorize?"+q.Encode(), nil)
		resp, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want || want == http.StatusFound && !strings.HasPrefix(resp.Header.Get("Location"), redirect+"?code=") {
			t.Errorf("%s: status %d, Location %q; want %d", redirect, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
}

// A bad --redirect-uri gets login's own error with --mock too, and no
// emulator starts.
func TestStartLoginMockChecksRedirectURIFirst(t *testing.T) {
	_, _, err := startLoginMock(flow.Config{ClientID: emulator.DefaultClientID, RedirectURI: "http://[::1/callback"}, "missing.json", false)
	if !errors.Is(err, flow.ErrBadRedirectURI) {
		t.Fatalf("err = %v, want the login's bad redirect URI error", err)
	}
}
