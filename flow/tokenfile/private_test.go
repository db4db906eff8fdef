package tokenfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// saved writes a token file in a fresh private directory.
func saved(t *testing.T) (dir, path string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "kakaologin")
	path = filepath.Join(dir, "token.json")
	if err := Save(path, &Saved{AccessToken: "at", AuthURL: "http://127.0.0.1:1"}); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

// A token file others could have written is refused, as ssh refuses keys.
func TestLoadRefusesFilesOthersCanWrite(t *testing.T) {
	for name, c := range map[string]struct {
		chmod func(dir, path string) error
		want  string
	}{
		"group-writable directory":   {func(d, _ string) error { return os.Chmod(d, 0o770) }, "is writable by group or others (mode 0770)"},
		"sticky world-writable dir":  {func(d, _ string) error { return os.Chmod(d, 0o777|os.ModeSticky) }, "is writable by group or others (mode 0777)"},
		"world-writable file":        {func(_, p string) error { return os.Chmod(p, 0o666) }, "is writable by group or others (mode 0666)"},
		"group-writable link target": {linkToShared, "is writable by group or others"},
	} {
		t.Run(name, func(t *testing.T) {
			dir, path := saved(t)
			if err := c.chmod(dir, path); err != nil {
				t.Fatal(err)
			}
			s, err := Load(path)
			if !errors.Is(err, ErrInsecure) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Load = %+v, %v; want ErrInsecure saying %q", s, err, c.want)
			}
		})
	}
}

// linkToShared replaces the token file by a link to a token file in a
// directory everyone can write.
func linkToShared(_, path string) error {
	shared := filepath.Join(filepath.Dir(filepath.Dir(path)), "shared")
	if err := os.Mkdir(shared, 0o777); err != nil {
		return err
	}
	if err := os.Chmod(shared, 0o777); err != nil { // past the umask
		return err
	}
	planted := filepath.Join(shared, "token.json")
	if err := os.WriteFile(planted, []byte(`{"access_token":"planted"}`), 0o600); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil {
		return err
	}
	return os.Symlink(planted, path)
}

// A file or directory of another user is refused. Only root can make one.
func TestLoadRefusesAnotherUsersFile(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to chown")
	}
	for _, which := range []string{"file", "directory"} {
		dir, path := saved(t)
		target := map[string]string{"file": path, "directory": dir}[which]
		if err := os.Chown(target, 12345, 12345); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); !errors.Is(err, ErrInsecure) || !strings.Contains(err.Error(), which+" "+target+" belongs to uid 12345") {
			t.Errorf("%s of uid 12345: Load error %v", which, err)
		}
	}
}

// Save does not write tokens where others could replace or plant them.
func TestSaveRefusesSharedDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "token.json")
	if err := Save(path, &Saved{AccessToken: "at"}); !errors.Is(err, ErrInsecure) {
		t.Fatalf("Save in a 1777 directory: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Save left %d files in the shared directory", len(entries))
	}
}

// The private file Save makes loads; a group-writable file is fixed by the
// next Save, which replaces it.
func TestPrivateFileLoads(t *testing.T) {
	_, path := saved(t)
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o664)
	if err := Save(path, &Saved{AccessToken: "again"}); err != nil {
		t.Fatal(err)
	}
	if s, err := Load(path); err != nil || s.AccessToken != "again" {
		t.Fatalf("Load = %+v, %v", s, err)
	}
}
