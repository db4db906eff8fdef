package cmd

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A server's error_description full of terminal escapes is printed with
// the escapes made visible: it cannot retitle the window or clear the screen.
func TestErrorLineEscapesServerControlCharacters(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"invalid_grant","error_description":"\u001b]0;pwned\u0007\u001b[2J\u202egnp.exe","error_code":"KOE320"}`)
	}))
	t.Cleanup(srv.Close)
	code, stdout, stderr := runCLI(t, map[string]string{"KAKAOLOGIN_AUTH_URL": srv.URL},
		"token", "refresh", "--refresh-token", "r", "--client-id", "k")
	if code != ExitKakao || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	if strings.ContainsAny(stderr, "\x1b\x07\u202e") {
		t.Errorf("raw control characters reached stderr: %q", stderr)
	}
	if !strings.Contains(stderr, `KOE320 invalid_grant: \x1b]0;pwned\x07\x1b[2J\u202egnp.exe`) {
		t.Errorf("stderr = %q, want the description with visible escapes", stderr)
	}
	if strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr is not one line: %q", stderr)
	}
}
