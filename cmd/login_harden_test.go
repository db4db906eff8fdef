package cmd

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// lockedBuffer is a stderr that the callback server's goroutine and the
// command may write at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A web page that sends the browser to the callback URL with an error and
// terminal escapes, while the person is still logging in, must neither end
// the login nor write escapes to the terminal: the real answer still wins.
func TestLoginIgnoresForeignCallbackAnswer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	kakao := emulatortest.Start(t)
	env, redirect := kakaoEnv(kakao), kakao.RedirectURI

	client := &http.Client{Timeout: 5 * time.Second}
	var foreign int
	browser := func(authorizeURL string) error {
		// Another page gets there first, then the person logs in.
		resp, err := client.Get(redirect + "?error=x&error_description=" + url.QueryEscape("\x1b]0;pwned\a\x1b[2J"))
		if err != nil {
			return err
		}
		foreign = resp.StatusCode
		resp.Body.Close()
		go func() {
			if resp, err := client.Get(authorizeURL); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
		return nil
	}
	var stdout bytes.Buffer
	var stderr lockedBuffer
	f := &Factory{
		IO:          &IOStreams{In: strings.NewReader(""), Out: &stdout, ErrOut: &stderr},
		Getenv:      func(k string) string { return env[k] },
		HTTPClient:  client,
		OpenBrowser: browser,
		Now:         time.Now,
	}
	code := Run(ctx, f, []string{"login", "--timeout", "5s"})
	if code != 0 {
		t.Fatalf("exit %d, want 0 (the real answer came after the foreign one); stderr:\n%q", code, stderr.String())
	}
	if foreign != http.StatusBadRequest {
		t.Errorf("the foreign answer got HTTP %d, want 400", foreign)
	}
	if !strings.Contains(stdout.String(), `"access_token"`) {
		t.Errorf("stdout lacks the token: %s", stdout.String())
	}
	errText := stderr.String()
	if !strings.Contains(errText, "warning: ignored an answer to the callback URL: it carried no state") ||
		!strings.Contains(errText, "another web page") {
		t.Errorf("stderr does not warn about the ignored answer:\n%s", errText)
	}
	if strings.ContainsAny(errText, "\x1b\a") {
		t.Errorf("stderr carries terminal control characters: %q", errText)
	}
}
