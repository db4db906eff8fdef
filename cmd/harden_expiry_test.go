package cmd

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

// jsonServer answers every request with body as JSON.
func jsonServer(t *testing.T, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A token response claiming a lifetime of 95 years (access) or of 3,000
// years (refresh: time.Duration overflows) is saved with expiries capped at
// 10 years, and stderr says so.
func TestTokenRefreshBoundsHugeExpiresIn(t *testing.T) {
	srv := jsonServer(t, `{"access_token":"at2","token_type":"bearer","refresh_token":"rt2","expires_in":3000000000,"refresh_token_expires_in":99999999999}`)
	path := plant(t, srv.URL, "")
	env := map[string]string{"KAKAOLOGIN_TOKEN_FILE": path, "KAKAOLOGIN_AUTH_URL": srv.URL, "KAKAO_REST_API_KEY": "k"}
	start := time.Now()
	code, stdout, stderr := runCLIStdin(t, env, strings.NewReader(""), "token", "refresh")
	if code != 0 || !strings.Contains(stdout, `"expires_in": 3000000000`) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	s, err := tokenfile.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	limit := time.Now().Add(maxLifetime + time.Second)
	for name, at := range map[string]time.Time{"expires_at": s.ExpiresAt, "refresh_token_expires_at": s.RefreshTokenExpiresAt} {
		if at.After(limit) || at.Before(start.Add(maxLifetime-time.Second)) {
			t.Errorf("saved %s = %s, want about 10 years from now", name, at)
		}
	}
	for _, want := range []string{"the server sent expires_in 3000000000, outside 0 to 10 years", "refresh_token_expires_in 99999999999, outside 0 to 10 years"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %q", want, stderr)
		}
	}
}

// token info's expires_at is bounded the same way.
func TestTokenInfoBoundsHugeExpiresIn(t *testing.T) {
	srv := jsonServer(t, `{"id":3958471203,"expires_in":9223372036854775807,"app_id":1234567}`)
	code, stdout, stderr := runCLIStdin(t, map[string]string{"KAKAOLOGIN_API_URL": srv.URL}, strings.NewReader(""), "token", "info", "--token", "at", "--output", "json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var out struct {
		ExpiresIn int64     `json:"expires_in"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("%v: %q", err, stdout)
	}
	if out.ExpiresIn != 9223372036854775807 {
		t.Errorf("expires_in = %d, want Kakao's value as sent", out.ExpiresIn)
	}
	if d := time.Until(out.ExpiresAt); d > maxLifetime+time.Second || d < maxLifetime-time.Minute {
		t.Errorf("expires_at = %s, want 10 years from now", out.ExpiresAt)
	}
	if !strings.Contains(stderr, "the server sent expires_in 9223372036854775807, outside 0 to 10 years") {
		t.Errorf("stderr = %q", stderr)
	}
}
