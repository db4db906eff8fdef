package tokenfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cfg", "kakaologin", "token.json")
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	in := &Saved{AccessToken: "at", TokenType: "bearer", RefreshToken: "rt", ExpiresAt: now.Add(6 * time.Hour), SavedAt: now, ClientID: "key"}
	if err := Save(path, in); err != nil {
		t.Fatal(err)
	}
	out, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if *out != *in {
		t.Errorf("round trip: got %+v, want %+v", out, in)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", st.Mode().Perm())
	}
	dst, _ := os.Stat(filepath.Dir(path))
	if dst.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", dst.Mode().Perm())
	}
	// No temporary file is left behind.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("dir holds %d entries, want only token.json", len(entries))
	}
}

func TestSaveReplacesAtomically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	if err := Save(path, &Saved{AccessToken: "one"}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(path)
	if err := Save(path, &Saved{AccessToken: "two"}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(path)
	// A rename puts a new file in place; writing in place would keep the
	// inode, and a crash midway would leave a half-written token file.
	if os.SameFile(before, after) {
		t.Error("Save rewrote the file in place instead of renaming a new one over it")
	}
	s, err := Load(path)
	if err != nil || s.AccessToken != "two" {
		t.Fatalf("Load = %+v, %v", s, err)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "missing.json")); !errors.Is(err, ErrNotSaved) {
		t.Errorf("missing file: %v, want ErrNotSaved", err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("not json"), 0o600)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "not a kakaologin token file") {
		t.Errorf("bad file: %v", err)
	}
}

func TestRemove(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	if err := Remove(path); err != nil {
		t.Errorf("removing a missing file: %v", err)
	}
	Save(path, &Saved{AccessToken: "x"})
	if err := Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("file still there")
	}
}

func TestDefaultPath(t *testing.T) {
	p, err := DefaultPath(func(k string) string {
		if k == "XDG_CONFIG_HOME" {
			return "/x/cfg"
		}
		return ""
	})
	if err != nil || p != "/x/cfg/kakaologin/token.json" {
		t.Errorf("DefaultPath = %q, %v", p, err)
	}
}
