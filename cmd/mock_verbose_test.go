package cmd

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// mock --verbose: one line per request, the form still reaches the
// emulator, and secrets are cut unless --show-secrets.
func TestRequestLog(t *testing.T) {
	const secret = "client-secret-value-0123456789"
	for _, show := range []bool{false, true} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var log lockedLog
		srv := emulatortest.Start(t, emulatortest.WithSecret(secret), emulatortest.WithRedirectURI(backendRedirect),
			emulatortest.WithWrap((&requestLog{W: &log, ShowSecrets: show}).wrap))

		code := authorizeCode(t, ctx, srv.URL, "kakao.tester@example.com", "")
		cfg := flow.Config{ClientID: emulator.DefaultClientID, ClientSecret: secret, AuthURL: srv.URL, APIURL: srv.URL}
		tok, err := cfg.Exchange(ctx, code, "", backendRedirect)
		if err != nil {
			t.Fatalf("the emulator did not get the form: %v", err)
		}
		if _, err := cfg.Me(ctx, tok.AccessToken, flow.MeParams{}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(log.String()), "\n")
		if len(lines) != 3 {
			t.Fatalf("want 3 lines, got:\n%s", log.String())
		}
		want := []string{
			"kakaologin mock: GET /oauth/authorize -> 302 (",
			"kakaologin mock: POST /oauth/token -> 200 (",
			"kakaologin mock: GET /v2/user/me -> 200 (",
		}
		for i, w := range want {
			if !strings.HasPrefix(lines[i], w) {
				t.Errorf("line %d = %q, want %q...", i, lines[i], w)
			}
		}
		if !strings.Contains(lines[0], "response_type=code client_id="+emulator.DefaultClientID+" redirect_uri="+backendRedirect+" login_hint=kakao.tester@example.com") {
			t.Errorf("authorize line = %q", lines[0])
		}
		cut := func(s string) string {
			if show {
				return s
			}
			return flow.Redact(s)
		}
		for _, w := range []string{"grant_type=authorization_code", "code=" + cut(code) + " ", "client_secret=" + cut(secret)} {
			if !strings.Contains(lines[1], w) {
				t.Errorf("show=%v: token line lacks %q: %q", show, w, lines[1])
			}
		}
		if !strings.HasSuffix(lines[2], "authorization=Bearer "+cut(tok.AccessToken)) {
			t.Errorf("show=%v: /v2/user/me line = %q", show, lines[2])
		}
		if !show && (strings.Contains(log.String(), secret) || strings.Contains(log.String(), tok.AccessToken) || strings.Contains(log.String(), code)) {
			t.Errorf("a secret is in the log:\n%s", log.String())
		}
	}
}

// A path or parameter with control characters is escaped.
func TestRequestLogEscapes(t *testing.T) {
	var log lockedLog
	srv := emulatortest.Start(t, emulatortest.WithWrap((&requestLog{W: &log}).wrap))
	resp, err := srv.Server.Client().Get(srv.URL + "/x%1b%5b2J?login_hint=a%1b%5b31mb")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if out := log.String(); strings.Contains(out, "\x1b") || !strings.Contains(out, `/x\x1b[2J -> 404`) || !strings.Contains(out, `login_hint=a\x1b[31mb`) {
		t.Errorf("log = %q", out)
	}
}

func TestRequestLogNil(t *testing.T) {
	em, _ := emulator.New(emulator.Config{})
	var l *requestLog
	if l.wrap(em) != em {
		t.Error("no --verbose: the handler is wrapped")
	}
}

// lockedLog is a log the server's goroutines write while the test reads.
type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
