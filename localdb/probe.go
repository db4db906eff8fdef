package localdb

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// sqliteHeader starts every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// probe checks the file at abs before SQLite sees it, so that a file that is
// not ours is refused without SQLite touching it. Read-write, it creates a
// missing file (0600) and its directories (0700) and checks the file is
// writable; read-only, it creates nothing. It never writes to an existing
// file.
func probe(prefix, abs string, readOnly bool) error {
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist) && readOnly:
		return noDatabase(prefix, abs)
	case errors.Is(err, fs.ErrNotExist):
		return create(prefix, abs)
	case err != nil:
		return classify(prefix, err)
	case st.IsDir():
		return newKind(ErrNotDatabase, nil, "%s: is a directory, not a kakaologin database", prefix)
	case !st.Mode().IsRegular():
		return newKind(ErrNotDatabase, nil, "%s: not a regular file", prefix)
	case st.Size() == 0 && readOnly:
		return noDatabase(prefix, abs)
	}
	if st.Size() > 0 {
		if err := checkHeader(prefix, abs); err != nil {
			return err
		}
	}
	if readOnly {
		return nil
	}
	// Opening for writing, without O_CREATE or O_TRUNC, changes nothing.
	f, err := os.OpenFile(abs, os.O_WRONLY, 0)
	if err != nil {
		return classify(prefix, err)
	}
	return f.Close()
}

func noDatabase(prefix, abs string) error {
	return newKind(ErrNoDatabase, nil, "%s: no database at %s yet", prefix, abs)
}

// create makes an empty database file, which SQLite initialises on first use.
// Creating it here, rather than letting SQLite do it, keeps it private (0600;
// SQLite gives the -wal and -shm files the same mode).
func create(prefix, abs string) error {
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return classify(prefix, err)
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil // another process won the race; fine
	}
	if err != nil {
		return classify(prefix, err)
	}
	return f.Close()
}

// checkHeader refuses a non-empty file that does not start like SQLite.
func checkHeader(prefix, abs string) error {
	f, err := os.Open(abs)
	if err != nil {
		return classify(prefix, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	if errors.Is(err, io.ErrUnexpectedEOF) || (err == nil && !bytes.Equal(head, sqliteHeader)) {
		return newKind(ErrNotDatabase, nil,
			"%s: not a kakaologin database (not SQLite or corrupt)", prefix)
	}
	if err != nil {
		return classify(prefix, err)
	}
	return nil
}
