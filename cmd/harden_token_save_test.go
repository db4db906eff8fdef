package cmd

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

// hookedEmulator is an emulator whose requests to path first run the hook
// set with arm, once: the test's way to break the disk while a command
// waits for Kakao's answer.
type hookedEmulator struct {
	*emulatortest.Kakao
	env  map[string]string
	mu   sync.Mutex
	hook map[string]func()
}

func (h *hookedEmulator) arm(path string, hook func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.hook[path] = hook
}

// newHookedEmulator starts it, its token file in a directory of its own
// (which a hook may remove).
func newHookedEmulator(t *testing.T) *hookedEmulator {
	t.Helper()
	h := &hookedEmulator{hook: map[string]func(){}}
	h.Kakao, h.env = startKakao(t, emulatortest.WithWrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.mu.Lock()
			hook := h.hook[r.URL.Path]
			delete(h.hook, r.URL.Path)
			h.mu.Unlock()
			if hook != nil {
				hook()
			}
			next.ServeHTTP(w, r)
		})
	}))
	h.env["KAKAOLOGIN_TOKEN_FILE"] = filepath.Join(t.TempDir(), "kl", "token.json")
	return h
}

// Kakao rotates the refresh token, then the save fails: the new tokens are
// still printed (the old refresh token is dead), the error says the file
// was not updated, and the exit code is 1 (local I/O), not 6.
func TestTokenRefreshSaveFailurePrintsRotatedToken(t *testing.T) {
	em := newHookedEmulator(t)
	env := em.env
	if code, _, stderr := runCLI(t, env, "login", "--headless", "--save"); code != 0 {
		t.Fatalf("login: exit %d: %s", code, stderr)
	}
	first, err := tokenfile.Load(env["KAKAOLOGIN_TOKEN_FILE"])
	if err != nil {
		t.Fatal(err)
	}
	em.Clock.Advance(35 * 24 * time.Hour) // under a month left: Kakao rotates
	dir := filepath.Dir(env["KAKAOLOGIN_TOKEN_FILE"])
	em.arm("/oauth/token", func() { // the directory turns into a file: MkdirAll fails, even for root
		os.RemoveAll(dir)
		os.WriteFile(dir, []byte("not a directory\n"), 0o600)
	})
	code, stdout, stderr := runCLI(t, env, "token", "refresh")
	if code != ExitError {
		t.Fatalf("exit %d, want %d; stderr %q", code, ExitError, stderr)
	}
	var tok struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.Unmarshal([]byte(stdout), &tok); err != nil || tok.RefreshToken == "" || tok.RefreshToken == first.RefreshToken {
		t.Fatalf("stdout does not carry the rotated refresh token (%v): %q", err, stdout)
	}
	if !strings.Contains(stderr, "issued a new refresh token") ||
		!strings.Contains(stderr, "not a directory: the saved token was not updated: keep the new refresh_token printed on stdout") {
		t.Errorf("stderr = %q", stderr)
	}
	// The printed token is the one that works now.
	if code, _, stderr := runCLI(t, env, "token", "refresh", "--refresh-token", first.RefreshToken); code != ExitKakao || !strings.Contains(stderr, "KOE322") {
		t.Errorf("old refresh token: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, env, "token", "refresh", "--refresh-token", tok.RefreshToken); code != 0 {
		t.Errorf("printed refresh token: exit %d, %s", code, stderr)
	}
}

// logout revokes the saved token but cannot delete the file: Kakao's answer
// is printed, the error names the file to delete, exit 1.
func TestLogoutDeleteFailureStillPrints(t *testing.T) {
	em := newHookedEmulator(t)
	env := em.env
	if code, _, stderr := runCLI(t, env, "login", "--headless", "--save"); code != 0 {
		t.Fatalf("login: exit %d: %s", code, stderr)
	}
	path := env["KAKAOLOGIN_TOKEN_FILE"]
	em.arm("/v1/user/logout", func() { // a non-empty directory in its place: os.Remove fails, even for root
		os.Remove(path)
		os.MkdirAll(filepath.Join(path, "keep"), 0o700)
	})
	code, stdout, stderr := runCLI(t, env, "logout")
	if code != ExitError {
		t.Fatalf("exit %d, want %d; stderr %q", code, ExitError, stderr)
	}
	if !strings.Contains(stdout, `"id": 3958471203`) {
		t.Errorf("stdout = %q, want Kakao's answer", stdout)
	}
	if !strings.Contains(stderr, "the token is revoked, but remove saved token") || !strings.Contains(stderr, "delete "+path+" yourself") {
		t.Errorf("stderr = %q", stderr)
	}
}
