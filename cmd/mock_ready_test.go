package cmd

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReadyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mock.ready")
	os.WriteFile(path, []byte("http://127.0.0.1:1\n"), 0o600) // left by an earlier run
	r := readyFile{path: path}
	if err := r.clear(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a stale ready file survived clear: %v", err)
	}
	if err := r.write("http://127.0.0.1:8735"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || string(data) != "http://127.0.0.1:8735\n" {
		t.Fatalf("ready file = %q, %v", data, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	r.remove()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the ready file survived the stop: %v", err)
	}
}

// Another run that rewrote the file keeps it.
func TestReadyFileKeepsAnotherRunsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ready")
	r := readyFile{path: path}
	if err := r.write("http://127.0.0.1:1111"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, []byte("http://127.0.0.1:2222\n"), 0o644)
	r.remove()
	if data, _ := os.ReadFile(path); string(data) != "http://127.0.0.1:2222\n" {
		t.Errorf("another run's file was removed or changed: %q", data)
	}
}

func TestReadyFileErrors(t *testing.T) {
	r := readyFile{path: filepath.Join(t.TempDir(), "no-such-dir", "ready")}
	if err := r.write("http://127.0.0.1:1"); err == nil || exitCode(err) != ExitUsage {
		t.Errorf("write in a missing directory: %v (exit %d)", err, exitCode(err))
	}
	var none readyFile
	if none.clear() != nil || none.write("x") != nil {
		t.Error("no --ready-file: not a no-op")
	}
	none.remove()
}
