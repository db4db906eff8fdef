package browsertest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// testTimeout bounds each test, browser start and logins included.
const testTimeout = 90 * time.Second

// chromium returns the browser to drive. Without one the test fails in CI
// (CI=true) or when KAKAOLOGIN_BROWSER_TESTS=1, and is skipped elsewhere:
// CI must never pass by skipping, a laptop without Chromium may.
func chromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return chromiumPath
	}
	msg := "Chromium is not installed at " + chromiumPath + ": install it with `apt-get install -y chromium` (scripts/deps.sh does, as root)"
	if os.Getenv("CI") == "true" || os.Getenv("KAKAOLOGIN_BROWSER_TESTS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; set KAKAOLOGIN_BROWSER_TESTS=1 to make this a failure")
	return ""
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// kakaologin builds the real binary once for all tests.
func kakaologin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kakaologin-browsertest-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "kakaologin")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/kakaologin/kakaologin").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// kakao is one emulator showing its pages, with the redirect URI a login
// process listens on and a front end to come back to after logout.
type kakao struct {
	url      string // the emulator
	redirect string // registered redirect URI, on a free loopback port
	front    string // the app's front end: the registered logout redirect URI
}

func newKakao(t *testing.T) *kakao {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	redirect := "http://" + ln.Addr().String() + "/callback"
	ln.Close() // freed for the login processes' callback servers
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!DOCTYPE html><title>My app</title><p id="bye">Logged out of Kakao.</p>`)
	}))
	t.Cleanup(front.Close)
	em, err := emulator.New(emulator.Config{App: emulator.App{
		RedirectURIs: []string{redirect}, LogoutRedirectURIs: []string{front.URL + "/bye"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	return &kakao{url: srv.URL, redirect: redirect, front: front.URL + "/bye"}
}

// logoutURL is Kakao's account logout for the front end.
func (k *kakao) logoutURL() string {
	return k.url + "/oauth/logout?" + url.Values{"client_id": {emulator.DefaultClientID},
		"logout_redirect_uri": {k.front}, "state": {"bye"}}.Encode()
}

// login is a running `kakaologin login --no-browser`.
type login struct {
	url    string // the authorize URL it printed
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr syncBuffer
	done   chan error
}

var urlLine = regexp.MustCompile(`^  (http://\S+/oauth/authorize\?\S+)$`)

// startLogin starts the login against k and waits for its authorize URL.
func (k *kakao) startLogin(ctx context.Context, t *testing.T, args ...string) *login {
	t.Helper()
	home := t.TempDir()
	l := &login{done: make(chan error, 1)}
	l.cmd = exec.CommandContext(ctx, kakaologin(t), append([]string{"login", "--no-browser", "--timeout", "45s"}, args...)...)
	l.cmd.Env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "XDG_DATA_HOME=" + home,
		"KAKAOLOGIN_AUTH_URL=" + k.url, "KAKAOLOGIN_API_URL=" + k.url,
		"KAKAO_REST_API_KEY=" + emulator.DefaultClientID, "KAKAO_REDIRECT_URI=" + k.redirect}
	l.cmd.Stdout = &l.stdout
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	l.cmd.Stderr = pw
	if err := l.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			l.stderr.WriteString(sc.Text() + "\n")
			if m := urlLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		pr.Close()
		l.done <- l.cmd.Wait()
	}()
	select {
	case l.url = <-found:
	case err := <-l.done:
		t.Fatalf("kakaologin login ended before printing the URL: %v\n%s", err, l.stderr.String())
	case <-ctx.Done():
		t.Fatalf("no authorize URL on stderr: %v\n%s", ctx.Err(), l.stderr.String())
	}
	return l
}

// wait waits for the login to end and returns its exit code and output.
func (l *login) wait(ctx context.Context, t *testing.T) (int, string, string) {
	t.Helper()
	select {
	case err := <-l.done:
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0, l.stdout.String(), l.stderr.String()
		case errors.As(err, &ee):
			return ee.ExitCode(), l.stdout.String(), l.stderr.String()
		default:
			t.Fatalf("kakaologin login: %v", err)
		}
	case <-ctx.Done():
		t.Fatalf("kakaologin login did not end: %v\n%s", ctx.Err(), l.stderr.String())
	}
	return 0, "", ""
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) WriteString(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.WriteString(v)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// browser is one Chromium tab in a fresh profile, 480 pixels wide, with a
// place for its screenshots.
type browser struct {
	t     *testing.T
	tab   context.Context // the tab, without deadline
	ctx   context.Context // the tab with the test's deadline
	shots string
}

// stepTimeout bounds one step in the browser, so a page that never comes
// fails the test soon, with a screenshot.
const stepTimeout = 15 * time.Second

// newBrowser starts Chromium with the flags this machine needs (no
// network beyond loopback) and gives the test its context, timeout
// included.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(480, 420))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	ctx, cancel := context.WithTimeout(tab, testTimeout)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(480, 420)); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	shots, err := os.MkdirTemp("", "kakaologin-screenshots-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("screenshots kept in %s", shots)
			return
		}
		os.RemoveAll(shots)
	})
	return &browser{t: t, tab: tab, ctx: ctx, shots: shots}
}

// do runs actions in the tab, failing the test with what was being done.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.shot("failed-" + strings.ReplaceAll(what, " ", "-"))
		b.t.Fatalf("%s: %v", what, err)
	}
}

// text is the text of the first element sel matches.
func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

// count is how many elements sel matches.
func (b *browser) count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
	if err != nil {
		b.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

// shot saves a full-page PNG as name.png in the test's screenshot
// directory and, with KAKAOLOGIN_UPDATE_SCREENSHOTS=1, in docs/screenshots.
func (b *browser) shot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, stepTimeout) // also after the test's deadline
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	dirs := []string{b.shots}
	if os.Getenv("KAKAOLOGIN_UPDATE_SCREENSHOTS") == "1" && !strings.HasPrefix(name, "failed-") {
		dirs = append(dirs, filepath.Join("..", "docs", "screenshots"))
	}
	for _, dir := range dirs {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
}
