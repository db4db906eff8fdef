package cmd

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFromBuildInfo(t *testing.T) {
	vcs := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "GOOS", Value: "darwin"}, {Key: "GOARCH", Value: "arm64"},
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c"},
		{Key: "vcs.time", Value: "2025-11-02T04:12:09Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	devel := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}
	platform := runtime.GOOS + "/" + runtime.GOARCH
	for _, tc := range []struct {
		name    string
		bi      *debug.BuildInfo
		ldflags string
		want    string
	}{
		{"tagged, from a checkout", vcs, "dev", "kakaologin v1.2.3 (3f2a1b4c5d6e, modified, 2025-11-02T04:12:09Z) go1.26.8 darwin/arm64"},
		{"-ldflags wins", vcs, "v9.9.9", "kakaologin v9.9.9 (3f2a1b4c5d6e, modified, 2025-11-02T04:12:09Z) go1.26.8 darwin/arm64"},
		{"no VCS information", devel, "dev", "kakaologin dev go1.26.8 " + platform},
		{"no build information", nil, "dev", "kakaologin dev " + runtime.Version() + " " + platform},
	} {
		if got := versionFrom(tc.bi, tc.ldflags).String(); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}

	doc, _ := json.Marshal(versionFrom(vcs, "dev"))
	want := `{"version":"v1.2.3","commit":"3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c","commit_time":"2025-11-02T04:12:09Z","modified":true,"go":"go1.26.8","platform":"darwin/arm64"}`
	if string(doc) != want {
		t.Errorf("JSON:\n%s\nwant\n%s", doc, want)
	}
	doc, _ = json.Marshal(versionFrom(devel, "dev"))
	if !strings.Contains(string(doc), `"commit":null,"commit_time":null,"modified":false`) {
		t.Errorf("JSON without VCS: %s", doc)
	}
}

// version and --version print the same line; version --output json the
// same facts.
func TestVersionOneFormat(t *testing.T) {
	run := func(args ...string) string {
		t.Helper()
		f, stdout, stderr := bufferFactory(nil)
		f.IO.OutTTY, f.IO.NoColor = true, true // the line, not a table, on a terminal too
		if code := runWith(t, f, args...); code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, stderr)
		}
		return stdout.String()
	}
	line := run("version")
	if want := buildVersion().String() + "\n"; line != want {
		t.Errorf("version: %q, want %q", line, want)
	}
	if got := run("--version"); got != line {
		t.Errorf("--version: %q, version: %q", got, line)
	}
	var v versionInfo
	if err := json.Unmarshal([]byte(run("version", "--output", "json")), &v); err != nil || v.String()+"\n" != line {
		t.Errorf("version --output json: %+v, %v", v, err)
	}
}

// A binary built with go build from a git checkout carries the commit.
// Go stamps only a checkout whose .git is a directory: not a git worktree.
func TestVersionOfABuildFromACheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(root, ".git")); err != nil || !fi.IsDir() {
		t.Skip("not a git checkout with a .git directory (a worktree, or an export): go build stamps no VCS information")
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("git: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "kakaologin")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version", "--output", "json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var v versionInfo
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if v.Commit == nil || *v.Commit != strings.TrimSpace(string(head)) || v.CommitTime == nil {
		t.Errorf("version %s, want commit %s with its time", out, head)
	}
	if v.Version == "dev" || v.Go != runtime.Version() {
		t.Errorf("version %q, go %q: want the module's (a pseudo-version) and %s", v.Version, v.Go, runtime.Version())
	}
	line, _ := exec.Command(bin, "--version").Output()
	if !strings.Contains(string(line), (*v.Commit)[:12]) {
		t.Errorf("--version %q does not name the commit", line)
	}
}
