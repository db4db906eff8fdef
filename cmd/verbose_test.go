package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runCLI runs the command tree in-process with buffers for the streams.
func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	f := &Factory{
		IO:          &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		Getenv:      func(k string) string { return env[k] },
		HTTPClient:  defaultTestClient(),
		OpenBrowser: func(string) error { t.Error("a browser was opened"); return nil },
		Now:         time.Now,
	}
	code = Run(ctx, f, args)
	return code, out.String(), errOut.String()
}

func defaultTestClient() *http.Client { return &http.Client{Timeout: 5 * time.Second} }

const testSecret = "client-secret-value-0123456789"

func TestVerboseTraceRedactsSecrets(t *testing.T) {
	code, stdout, stderr := runCLI(t, nil, "login", "--mock", "--verbose", "--client-secret", testSecret)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct {
		Token struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
		} `json:"token"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || out.Token.AccessToken == "" {
		t.Fatalf("stdout is not the login JSON: %v\n%s", err, stdout)
	}
	// Every step is there, in order.
	steps := []string{"* open authorize URL", "> GET http://127.0.0.1:", "< 302 Found", "* callback GET /callback?code=",
		"> POST http://127.0.0.1:", "/oauth/token", "< 200 OK", "> GET http://127.0.0.1:", "/v2/user/me", "< 200 OK"}
	rest := stderr
	for _, s := range steps {
		i := strings.Index(rest, s)
		if i < 0 {
			t.Fatalf("trace lacks %q (in order):\n%s", s, stderr)
		}
		rest = rest[i+len(s):]
	}
	for name, secret := range map[string]string{"client secret": testSecret, "access token": out.Token.AccessToken, "refresh token": out.Token.RefreshToken} {
		if strings.Contains(stderr, secret) {
			t.Errorf("the %s appears in the verbose trace", name)
		}
	}
	// Authorization codes and verifiers only appear cut to a prefix.
	for _, m := range regexp.MustCompile(`(?:code|code_verifier)=([^&\s]*)`).FindAllStringSubmatch(stderr, -1) {
		if !strings.HasSuffix(m[1], "…") && m[1] != "***" {
			t.Errorf("unredacted value in trace: %s", m[0])
		}
	}
	// The cut mark is shown as it is, not query-escaped.
	if !strings.Contains(stderr, "client_secret=client…") || strings.Contains(stderr, "%E2%80%A6") {
		t.Errorf("form body does not show the cut secret readably:\n%s", stderr)
	}
	if !regexp.MustCompile(`Authorization: Bearer [A-Za-z0-9_-]{6}…`).MatchString(stderr) {
		t.Errorf("Authorization header not shown with a prefix:\n%s", stderr)
	}
}

func TestVerboseShowSecrets(t *testing.T) {
	code, stdout, stderr := runCLI(t, nil, "login", "--mock", "-v", "--show-secrets", "--client-secret", testSecret)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct {
		Token struct {
			AccessToken string `json:"access_token"`
		} `json:"token"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || out.Token.AccessToken == "" {
		t.Fatalf("stdout is not the login JSON: %v\n%s", err, stdout)
	}
	if !strings.Contains(stderr, out.Token.AccessToken) || !strings.Contains(stderr, testSecret) {
		t.Error("--show-secrets did not reveal the token and secret")
	}
}

func TestQuietByDefault(t *testing.T) {
	code, _, stderr := runCLI(t, nil, "login", "--mock")
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q: want 0 and nothing", code, stderr)
	}
}

func TestVerboseAndErrorLineEscapeServerText(t *testing.T) {
	const token = "AT-0123456789\\/abcdefghijklmnop" // as JSON text: the token has a "/"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"msg":"\u001b]0;pwned\u0007","code":-401,"access_token":"`+token+`"}`)
	}))
	defer srv.Close()
	code, stdout, stderr := runCLI(t, map[string]string{"KAKAO_ACCESS_TOKEN": "sent-token-0123456789"},
		"profile", "--api-url", srv.URL, "--verbose")
	if code == 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q: want a failure and no output", code, stdout)
	}
	if strings.ContainsAny(stderr, "\x1b\x07") {
		t.Errorf("ESC or BEL from the server reached stderr raw:\n%q", stderr)
	}
	if !strings.Contains(stderr, `kakaologin: user/me: API error -401: \x1b]0;pwned\x07`) {
		t.Errorf("error line not shown escaped:\n%s", stderr)
	}
	if strings.Contains(stderr, "abcdefghijklmnop") || strings.Contains(stderr, "sent-token-0123456789") {
		t.Errorf("a token appears whole in the trace:\n%s", stderr)
	}
}
