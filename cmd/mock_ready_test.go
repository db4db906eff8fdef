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
	if os.Geteuid() != 0 { // root writes anywhere
		dir := t.TempDir()
		os.Chmod(dir, 0o500)
		defer os.Chmod(dir, 0o700)
		ro := readyFile{path: filepath.Join(dir, "ready")}
		want := "write --ready-file " + ro.path + ": permission denied"
		if err := ro.write("http://127.0.0.1:1"); err == nil || err.Error() != want {
			t.Errorf("write in a read-only directory: %v, want %q (no temporary file named)", err, want)
		}
	}
	var none readyFile
	if none.clear() != nil || none.write("x") != nil {
		t.Error("no --ready-file: not a no-op")
	}
	none.remove()
}

// The line names the path given and its missing directory, not the
// temporary file next to it.
func TestReadyFileMissingDirectoryLine(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nonexistent")
	path := filepath.Join(dir, "x.url")
	code, stdout, stderr := runCLI(t, nil, "mock", "--ready-file", path, "--addr", "127.0.0.1:0")
	want := "kakaologin: write --ready-file " + path + ": the directory " + dir + " does not exist\n"
	if code != ExitUsage || stderr != want || stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, ExitUsage, want)
	}
}
