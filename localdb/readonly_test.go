package localdb

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenReadOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "users.db")

	// Missing: a clear ErrNoDatabase (an ErrNotFound), and nothing created.
	// The fix, in CLI words, is cmd's (storeHint).
	_, err := Open(testCtx(t), path, Options{ReadOnly: true})
	if !errors.Is(err, ErrNoDatabase) || !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "no database at "+path+" yet") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("read-only open created the directory: %v", err)
	}

	// Existing (WAL, all connections closed so no -wal/-shm left): readable.
	rw := openAt(t, path, nil)
	record(t, rw, kakaoLogin(1, "a@example.com", "a"))
	rw.Close()
	before := readFile(t, path)
	ro, err := Open(testCtx(t), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	defer ro.Close()
	if u, err := ro.FindUser(testCtx(t), "A@example.com"); err != nil || u.Nickname != "a" {
		t.Errorf("FindUser = %+v, %v", u, err)
	}
	if _, err := ro.FindUser(testCtx(t), "nobody@example.com"); !errors.Is(err, ErrNotFound) || errors.Is(err, ErrNoDatabase) {
		t.Errorf("FindUser(nobody) = %v, want ErrNotFound but not ErrNoDatabase", err)
	}
	_, err = ro.RecordLogin(testCtx(t), kakaoLogin(2, "", "b"))
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("RecordLogin on a read-only store = %v, want ErrReadOnly", err)
	}
	if _, err := ro.AddUser(testCtx(t), NewUser{Nickname: "c"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("AddUser on a read-only store = %v, want ErrReadOnly", err)
	}
	if _, err := ro.DeleteUser(testCtx(t), "1"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("DeleteUser on a read-only store = %v, want ErrReadOnly", err)
	}
	ro.Close()
	if !bytes.Equal(before, readFile(t, path)) {
		t.Error("read-only open changed the file")
	}

	// Empty file: no database yet either.
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	if _, err := Open(testCtx(t), empty, Options{ReadOnly: true}); !errors.Is(err, ErrNoDatabase) || !errors.Is(err, ErrNotFound) {
		t.Errorf("empty file: %v", err)
	}
}

func TestOpenReadOnlyOlderSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.db")
	openAt(t, path, nil).Close()
	schemaVersionShift++ // pretend to be a newer binary with one more migration
	defer func() { schemaVersionShift-- }()
	refuse(t, path, Options{ReadOnly: true}, ErrOlderSchema, "a read-only open cannot upgrade it")
}

func TestOpenReadOnlyPermissions(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores permission bits")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "users.db")
	openAt(t, path, nil).Close()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	refuse(t, path, Options{}, ErrReadOnly, "not writable")
	os.Chmod(path, 0o600)

	locked := filepath.Join(dir, "locked")
	os.Mkdir(locked, 0o500)
	defer os.Chmod(locked, 0o700)
	_, err := Open(testCtx(t), filepath.Join(locked, "users.db"), Options{})
	t.Logf("refused: %v", err)
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("unwritable directory: %v", err)
	}

	// A writable file in a directory that is not: WAL needs its -wal and
	// -shm files there. Read-write is refused; read-only still reads.
	inLocked := filepath.Join(dir, "locked2", "users.db")
	db := openAt(t, inLocked, nil)
	record(t, db, kakaoLogin(1, "", "a"))
	db.Close()
	os.Chmod(filepath.Dir(inLocked), 0o500)
	defer os.Chmod(filepath.Dir(inLocked), 0o700)
	refuse(t, inLocked, Options{}, ErrReadOnly, "not writable")
	ro, err := Open(testCtx(t), inLocked, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open in a read-only directory: %v", err)
	}
	defer ro.Close()
	if n, err := ro.CountUsers(testCtx(t)); n != 1 || err != nil {
		t.Errorf("CountUsers = %d, %v", n, err)
	}
}
