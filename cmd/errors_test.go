package cmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/localdb"
)

// The README's exit-code table is the one in the code, row for row.
func TestExitCodesDocumentedInREADME(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme[strings.Index(string(readme), "## Exit codes"):])
	rows := regexp.MustCompile(`(?m)^\| (\d+) \| (.+) \|$`).FindAllStringSubmatch(section, -1)
	if len(rows) != len(exitCodeTable) {
		t.Fatalf("README lists %d exit codes, the code %d", len(rows), len(exitCodeTable))
	}
	for i, row := range rows {
		code, _ := strconv.Atoi(row[1])
		if code != exitCodeTable[i].Code || row[2] != exitCodeTable[i].Meaning {
			t.Errorf("README row %d = %s %q, code says %d %q", i, row[1], row[2], exitCodeTable[i].Code, exitCodeTable[i].Meaning)
		}
	}
}

func TestExitCodesInHelp(t *testing.T) {
	code, stdout, _ := runCLI(t, nil, "--help")
	if code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	for _, e := range exitCodeTable {
		if !strings.Contains(stdout, fmt.Sprintf("%3d  %s", e.Code, e.Meaning)) {
			t.Errorf("--help lacks exit code %d", e.Code)
		}
	}
}

func TestExitCodeMapping(t *testing.T) {
	for want, err := range map[int]error{
		ExitUsage:       usageErrorf(errors.New("bad flag")),
		ExitDenied:      fmt.Errorf("login: %w", &flow.CallbackError{Err: "access_denied"}),
		ExitKakao:       &flow.CallbackError{Err: "invalid_scope"},
		ExitTimeout:     errTimeout,
		ExitInterrupted: context.Canceled,
		ExitProtocol:    flow.ErrStateMismatch,
		ExitConflict:    errConflict(localdb.Decision{Reason: "x"}),
		ExitStore:       fmt.Errorf("open: %w", localdb.ErrNewerSchema),
		ExitError:       errors.New("disk on fire"),
	} {
		if got := exitCode(err); got != want {
			t.Errorf("exitCode(%v) = %d, want %d", err, got, want)
		}
	}
	if got := exitCode(fmt.Errorf("x: %w", &flow.AuthError{Code: "KOE320"})); got != ExitKakao {
		t.Errorf("AuthError -> %d, want %d", got, ExitKakao)
	}
	if got := exitCode(&flow.APIError{Code: -401}); got != ExitKakao {
		t.Errorf("APIError -> %d, want %d", got, ExitKakao)
	}
	if got := exitCode(&flow.ProtocolError{Reason: "html"}); got != ExitProtocol {
		t.Errorf("ProtocolError -> %d, want %d", got, ExitProtocol)
	}
}

// Ctrl-C while waiting for the browser ends the login with exit 130.
func TestLoginInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	var out, errOut strings.Builder
	f := &Factory{
		IO:          &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		Getenv:      func(string) string { return "" },
		HTTPClient:  defaultTestClient(),
		OpenBrowser: func(string) error { return nil }, // a browser that never calls back
		Now:         time.Now,
	}
	code := Run(ctx, f, []string{"login", "--client-id", "k", "--redirect-uri", "http://127.0.0.1:0/callback"})
	if code != ExitInterrupted {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitInterrupted, errOut.String())
	}
	if !strings.Contains(errOut.String(), "kakaologin: interrupted") || out.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", out.String(), errOut.String())
	}
}

// flow's errors name no flag: the line printed adds the flag that fixes
// them. A taken redirect URI port names the port and --redirect-uri.
func TestPortInUseNamesTheFlag(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	code, stdout, stderr := runCLI(t, nil, "login", "--client-id", "k", "--no-browser", "--redirect-uri", "http://"+addr+"/callback")
	want := "kakaologin: listen on " + addr + ": port already in use: stop what uses port " + port +
		" or pass --redirect-uri with another port (registered for your key)\n"
	if code != ExitUsage || stderr != want || stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, ExitUsage, want)
	}
}

// --headless against an authorize page that is not the emulator's says to
// open it in a browser, without --headless.
func TestNeedsPersonNamesTheFlag(t *testing.T) {
	kakao := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!doctype html><title>Kakao Account</title><form>log in</form>"))
	}))
	defer kakao.Close()
	code, _, stderr := runCLI(t, map[string]string{"KAKAOLOGIN_AUTH_URL": kakao.URL}, "login", "--client-id", "k", "--headless",
		"--redirect-uri", "http://127.0.0.1:0/callback")
	want := "kakaologin: authorize: the authorize page is not the emulator's: it wants a person: " +
		"--headless plays only the emulator's pages (kakaologin mock, login --mock): open the URL in a browser instead (drop --headless)\n"
	if code != ExitProtocol || stderr != want {
		t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, ExitProtocol, want)
	}
}

// Each CLI fix replaces the fix of a catalogued code, and says something
// flow's does not: the flag, variable or command.
func TestCLIFixesReplaceCatalogFixes(t *testing.T) {
	cliWords := regexp.MustCompile(`--[a-z]|KAKAO(LOGIN)?_[A-Z]|kakaologin [a-z]`)
	for code, fix := range cliFixes() {
		e, ok := flow.LookupError(code)
		if !ok || e.Code != code {
			t.Errorf("%s: not in flow's catalogue", code)
			continue
		}
		if !cliWords.MatchString(fix) {
			t.Errorf("%s: %q names no flag, variable or command: flow's fix is enough", code, fix)
		}
		if got, _ := lookupError(code); got.Fix != fix {
			t.Errorf("lookupError(%s).Fix = %q", code, got.Fix)
		}
	}
	for i, e := range cliCatalog() {
		if want := flow.Catalog()[i]; e.Code != want.Code || (e.Fix != want.Fix) != (cliFixes()[e.Code] != "") {
			t.Errorf("cliCatalog()[%d] = %+v", i, e)
		}
	}
}
