package cmd

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

// recorder is a server that counts the requests it gets and answers 500.
func recorder(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Error(w, "recorded", http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// plant writes a token file naming the given servers, in a private
// directory, as the user's own file would be.
func plant(t *testing.T, authURL, apiURL string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kl", "token.json")
	err := tokenfile.Save(path, &tokenfile.Saved{AccessToken: "planted-at", RefreshToken: "planted-rt", TokenType: "bearer", ClientID: "k", AuthURL: authURL, APIURL: apiURL})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// token refresh sends the client secret to the configured auth server,
// never to the auth_url a token file names; nor does any command send the
// access token to the file's api_url. With nothing configured (Kakao's
// servers by default) the planted file used to win.
func TestSavedTokenURLsAreNeverDestinations(t *testing.T) {
	planter, planted := recorder(t)
	configured, used := recorder(t)
	for _, setup := range []struct {
		name, env string
		url       string // the configured server, "" for Kakao's
	}{{"default servers", "", ""}, {"configured servers", "set", configured.URL}} {
		for _, c := range []struct {
			args    []string
			envName string
			file    string
		}{
			{[]string{"token", "refresh"}, "KAKAOLOGIN_AUTH_URL", plant(t, planter.URL, "")},
			{[]string{"profile"}, "KAKAOLOGIN_API_URL", plant(t, "", planter.URL)},
			{[]string{"token", "info"}, "KAKAOLOGIN_API_URL", plant(t, "", planter.URL)},
			{[]string{"logout"}, "KAKAOLOGIN_API_URL", plant(t, "", planter.URL)},
		} {
			env := map[string]string{"KAKAOLOGIN_TOKEN_FILE": c.file, "KAKAO_REST_API_KEY": "k", "KAKAO_CLIENT_SECRET": testSecret}
			if setup.url != "" {
				env[c.envName] = setup.url
			}
			code, stdout, stderr := runCLIStdin(t, env, strings.NewReader(""), c.args...)
			if planted.Load() != 0 {
				t.Fatalf("%s, %v: %d requests went to the server named in the token file", setup.name, c.args, planted.Load())
			}
			if code != ExitUsage || stdout != "" || used.Load() != 0 {
				t.Errorf("%s, %v: exit %d, %d requests to the configured server, stderr %q", setup.name, c.args, code, used.Load(), stderr)
			}
			if !strings.Contains(stderr, "was issued by "+planter.URL+", not by ") || !strings.Contains(stderr, c.envName) {
				t.Errorf("%s, %v: stderr = %q", setup.name, c.args, stderr)
			}
		}
	}
}

// A token file in a directory others can write, or writable itself, is
// refused before any request, exit 2, with the fix.
func TestTokenFileOthersCanWriteIsRefused(t *testing.T) {
	srv, n := recorder(t)
	for name, chmod := range map[string]func(path string) error{
		"1777 directory":      func(p string) error { return os.Chmod(filepath.Dir(p), 0o777|os.ModeSticky) },
		"group-writable file": func(p string) error { return os.Chmod(p, 0o620) },
	} {
		path := plant(t, srv.URL, srv.URL)
		if err := chmod(path); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"KAKAOLOGIN_TOKEN_FILE": path, "KAKAOLOGIN_AUTH_URL": srv.URL, "KAKAOLOGIN_API_URL": srv.URL, "KAKAO_CLIENT_SECRET": testSecret}
		for _, args := range [][]string{{"token", "refresh"}, {"profile"}, {"token", "show"}} {
			code, _, stderr := runCLI(t, env, args...)
			if code != ExitUsage || n.Load() != 0 || !strings.Contains(stderr, "is writable by group or others") || !strings.Contains(stderr, "chmod go-w") {
				t.Errorf("%s, %v: exit %d, %d requests, stderr %q", name, args, code, n.Load(), stderr)
			}
		}
	}
}

// Running as root (as CI does), a token file of another user is refused.
func TestTokenFileOfAnotherUserIsRefused(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to chown")
	}
	srv, n := recorder(t)
	path := plant(t, srv.URL, srv.URL)
	if err := os.Chown(path, 12345, 12345); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"KAKAOLOGIN_TOKEN_FILE": path, "KAKAOLOGIN_AUTH_URL": srv.URL, "KAKAO_CLIENT_SECRET": testSecret}
	code, _, stderr := runCLI(t, env, "token", "refresh")
	if code != ExitUsage || n.Load() != 0 || !strings.Contains(stderr, "belongs to uid 12345") {
		t.Errorf("exit %d, %d requests, stderr %q", code, n.Load(), stderr)
	}
}
