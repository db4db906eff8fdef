package tokenfile

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A save killed between CreateTemp and Rename leaves a 0600 temporary file
// with full tokens: the next Save (or Remove) deletes it, but not a fresh
// one that may be another process's save in progress, nor other files.
func TestStaleTemporaryFilesRemoved(t *testing.T) {
	for _, op := range []string{"Save", "Remove"} {
		t.Run(op, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "kakaologin")
			path := filepath.Join(dir, "token.json")
			if err := Save(path, &Saved{AccessToken: "at"}); err != nil {
				t.Fatal(err)
			}
			write := func(name string, age time.Duration) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(`{"access_token":"leaked"}`), 0o600); err != nil {
					t.Fatal(err)
				}
				old := time.Now().Add(-age)
				if err := os.Chtimes(p, old, old); err != nil {
					t.Fatal(err)
				}
				return p
			}
			stale := write(".token-1234567.json", 2*time.Hour)
			fresh := write(".token-7654321.json", time.Second)
			other := write(".token-notes.txt", 2*time.Hour)
			var err error
			if op == "Save" {
				err = Save(path, &Saved{AccessToken: "at2"})
			} else {
				err = Remove(path)
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(stale); !os.IsNotExist(err) {
				t.Errorf("stale temporary file still there (%v)", err)
			}
			for _, p := range []string{fresh, other} {
				if _, err := os.Stat(p); err != nil {
					t.Errorf("%s was removed: %v", filepath.Base(p), err)
				}
			}
		})
	}
}
