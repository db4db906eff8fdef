package cmd

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// evilNick would retitle the terminal (OSC ... BEL), clear it (C1 CSI) and
// reverse the rest of the line (RLO) if printed raw; the tab and line feed
// would break the table's columns and rows.
const evilNick = "evil\x1b]0;pwned\x07\u009b2J\u202e\tx\ny"

const evilNickEscaped = `evil\x1b]0;pwned\x07\u009b2J\u202e\x09x\x0ay`

func wantCellEscaped(t *testing.T, what, out string) {
	t.Helper()
	if strings.ContainsAny(out, "\x1b\x07\u009b\u202e") {
		t.Errorf("%s: control characters reach the terminal raw:\n%q", what, out)
	}
	if !strings.Contains(out, evilNickEscaped) {
		t.Errorf("%s: cell not shown escaped:\n%q", what, out)
	}
}

func TestTableCellsEscapeControlCharacters(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	code, stdout, stderr := runCLI(t, nil, "users", "add", "--db", db, "--nickname", evilNick, "--output", "table")
	if code != 0 {
		t.Fatalf("users add: exit %d: %s", code, stderr)
	}
	wantCellEscaped(t, "users add --output table", stdout)
	if strings.Contains(stdout, "\ny") {
		t.Errorf("a line feed in a cell started a new row:\n%s", stdout)
	}

	code, stdout, stderr = runCLI(t, nil, "users", "list", "--db", db, "--output", "table")
	if code != 0 {
		t.Fatalf("users list: exit %d: %s", code, stderr)
	}
	wantCellEscaped(t, "users list --output table", stdout)
}

func TestDoctorChecklistEscapesControlCharacters(t *testing.T) {
	// The issuer of the auth server's discovery document reaches a check's message.
	s := newDoctorSetup(t, emulator.App{}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/.well-known/openid-configuration" {
				doc, _ := json.Marshal(map[string]string{"issuer": evilNick, "token_endpoint": "http://" + r.Host + "/oauth/token"})
				w.Header().Set("Content-Type", "application/json")
				w.Write(doc)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	_, stdout, _ := runCLI(t, s.env, "doctor", "--output", "table")
	wantCellEscaped(t, "doctor --output table", stdout)
}
