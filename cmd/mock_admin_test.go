package cmd

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
)

// mockCLI is a `kakaologin mock` run in this process through Run, the
// way main runs it, on a free loopback port.
type mockCLI struct {
	URL         string // base URL, as the banner printed it
	RedirectURI string // the registered redirect URI, on a free port
	stop        context.CancelFunc
	done        chan int
	mu          sync.Mutex
	stderr      bytes.Buffer
}

var listening = regexp.MustCompile(`listening on (http://127\.0\.0\.1:[0-9]+)`)

// startMockCLI runs `kakaologin mock --addr 127.0.0.1:0 --redirect-uri
// <free port> args...` with getenv as its environment and waits (up to
// 10 s) for its banner. A command line the mock refuses is an error
// carrying its exit code and stderr.
func startMockCLI(getenv func(string) string, args ...string) (*mockCLI, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	m := &mockCLI{RedirectURI: "http://" + ln.Addr().String() + "/callback", done: make(chan int, 1)}
	ln.Close() // freed for the login's callback server
	ctx, cancel := context.WithCancel(context.Background())
	m.stop = cancel
	pr, pw := io.Pipe()
	f := &Factory{IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: pw}, Getenv: getenv,
		HTTPClient: http.DefaultClient, Now: time.Now}
	argv := append([]string{"mock", "--addr", "127.0.0.1:0", "--redirect-uri", m.RedirectURI}, args...)
	go func() {
		code := Run(ctx, f, argv)
		pw.Close()
		m.done <- code
	}()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			m.mu.Lock()
			m.stderr.WriteString(sc.Text() + "\n")
			m.mu.Unlock()
			if g := listening.FindStringSubmatch(sc.Text()); g != nil {
				found <- g[1]
			}
		}
		close(found)
	}()
	select {
	case u, ok := <-found:
		if ok {
			m.URL = u
			return m, nil
		}
		code := <-m.done
		return nil, fmt.Errorf("kakaologin mock exited %d: %s", code, m.Stderr())
	case <-time.After(10 * time.Second):
		cancel()
		return nil, fmt.Errorf("kakaologin mock did not start within 10s: %s", m.Stderr())
	}
}

// Stderr is what the mock printed so far.
func (m *mockCLI) Stderr() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stderr.String()
}

// Stop interrupts the mock like Ctrl-C and returns its exit code.
func (m *mockCLI) Stop() (int, error) {
	m.stop()
	select {
	case code := <-m.done:
		return code, nil
	case <-time.After(10 * time.Second):
		return -1, fmt.Errorf("kakaologin mock did not stop within 10s")
	}
}

// cmdKMock: kmock [MOCK FLAGS...] — runs the real `kakaologin mock` with
// the flags for the rest of the script and points kakaologin at it, like
// mockserver. The script's KAKAO_* variables reach it.
func cmdKMock(ts *testscript.TestScript, neg bool, args []string) {
	m, err := startMockCLI(ts.Getenv, args...)
	if neg {
		if err == nil {
			m.Stop()
			ts.Fatalf("kakaologin mock %s started", strings.Join(args, " "))
		}
		fmt.Fprint(ts.Stderr(), err)
		return
	}
	if err != nil {
		ts.Fatalf("%v", err)
	}
	ts.Defer(func() {
		if code, err := m.Stop(); err != nil || code != 0 {
			ts.Fatalf("stop kakaologin mock: exit %d %v: %s", code, err, m.Stderr())
		}
	})
	key := ts.Getenv("KAKAO_REST_API_KEY")
	if key == "" {
		key = emulator.DefaultClientID
	}
	for k, v := range map[string]string{"KAKAOLOGIN_AUTH_URL": m.URL, "KAKAOLOGIN_API_URL": m.URL,
		"KAKAO_REDIRECT_URI": m.RedirectURI, "KAKAO_REST_API_KEY": key} {
		ts.Setenv(k, v)
	}
}

// cmdEmu: emu METHOD PATH [JSON] — calls the emulator at
// $KAKAOLOGIN_API_URL (JSON body, Content-Type application/json) and
// writes the answer's body to stdout. It fails on a status of 400 or
// more, or, negated, on any other.
func cmdEmu(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: emu METHOD PATH [JSON]")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var body io.Reader
	if len(args) == 3 {
		body = strings.NewReader(args[2])
	}
	req, err := http.NewRequestWithContext(ctx, args[0], ts.Getenv("KAKAOLOGIN_API_URL")+args[1], body)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	ts.Stdout().Write(b)
	if failed := res.StatusCode >= 400; failed != neg {
		ts.Fatalf("%s %s: %s %s", args[0], args[1], res.Status, b)
	}
}

// mockEnv is the environment of CLI tests against a mockCLI.
func (m *mockCLI) env() map[string]string {
	return map[string]string{"KAKAOLOGIN_AUTH_URL": m.URL, "KAKAOLOGIN_API_URL": m.URL,
		"KAKAO_REDIRECT_URI": m.RedirectURI, "KAKAO_REST_API_KEY": emulator.DefaultClientID,
		"XDG_CONFIG_HOME": os.DevNull}
}

func TestMockRateLimitSeenByLogin(t *testing.T) {
	m, err := startMockCLI(func(string) string { return "" }, "--rate-limit")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Stop()
	for i := range 20 {
		if code, _, stderr := runCLIStdin(t, m.env(), nil, "login", "--headless"); code != ExitOK {
			t.Fatalf("login %d: exit %d: %s", i+1, code, stderr)
		}
	}
	code, stdout, stderr := runCLIStdin(t, m.env(), nil, "login", "--headless")
	want := "kakaologin: exchange code: KOE237 invalid_request: token request rate limit exceeded: wait and try again later; keep tokens and refresh them instead of logging in again in a loop\n"
	if code != ExitKakao || stderr != want || stdout != "" {
		t.Errorf("21st login: exit %d, stdout %q, stderr %q, want %q", code, stdout, stderr, want)
	}
}

func TestMockAdminFlagsAreUsageErrors(t *testing.T) {
	for flagv, want := range map[string]string{
		"--fault=me:KOE237":     `invalid argument "me:KOE237" for "--fault" flag: fault error KOE237: a kauth (auth server) error needs a target under /oauth/ or /.well-known/, not /v2/user/me`,
		"--fault=token":         `invalid argument "token" for "--fault" flag: fault "token": no ':' between target and action`,
		"--code-ttl=500ms":      `invalid argument "500ms" for "--code-ttl" flag: 500ms: want at least 1s`,
		"--request-log=several": `invalid argument "several" for "--request-log" flag: not a whole number`,
		"--request-log=-1":      `invalid argument "-1" for "--request-log" flag: -1: want 0 or more`,
	} {
		code, _, stderr := runCLIStdin(t, nil, nil, "mock", "--addr", "127.0.0.1:0", flagv)
		if code != ExitUsage || !strings.Contains(stderr, want) {
			t.Errorf("mock %s: exit %d, stderr %q, want %q", flagv, code, stderr, want)
		}
	}
}

// The emulator's errors and flow's catalogue come from the same notes but
// are written apart (the emulator is an independent oracle): where both
// know a code's status and OAuth error, they must agree, so that an
// injected fault looks to kakaologin exactly like Kakao's answer.
func TestKakaoErrorsAgreeWithTheCatalogue(t *testing.T) {
	for _, k := range emulator.KakaoErrors() {
		c, ok := flow.LookupError(k.Code)
		if !ok {
			t.Errorf("%s: the emulator can inject it, kakaologin explain does not know it", k.Code)
			continue
		}
		if c.Status != 0 && !k.Page && c.Status != k.Status {
			t.Errorf("%s: status %d in the emulator, %d in the catalogue", k.Code, k.Status, c.Status)
		}
		if c.Error != "" && c.Error != k.Error {
			t.Errorf("%s: error %q in the emulator, %q in the catalogue", k.Code, k.Error, c.Error)
		}
	}
}

// Every fault spec the README and `mock --help` show parses.
func TestDocumentedFaultSpecsParse(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Testing failure paths")
	if !ok {
		t.Fatal("README has no Testing failure paths section")
	}
	specs := regexp.MustCompile("(?m)^\\| `([^`]+)` \\|").FindAllStringSubmatch(section, -1)
	specs = append(specs, regexp.MustCompile(`(?m)^  ([a-z/*_]+:\S+) `).FindAllStringSubmatch(mockAdminHelp, -1)...)
	if len(specs) < 15 {
		t.Fatalf("found only %d specs", len(specs))
	}
	for _, m := range specs {
		if _, err := emulator.ParseFault(m[1]); err != nil {
			t.Errorf("documented spec %q: %v", m[1], err)
		}
	}
}
