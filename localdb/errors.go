package localdb

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"modernc.org/sqlite"
)

// Sentinel errors, matched with errors.Is. The errors carrying them read as
// one line; those about the database file (Open's, and storage failures of
// the other methods) name the file and what is wrong with it. They name no
// flag or command: the program using the store adds the fix in its own
// words, keyed on the sentinel. The underlying cause, if any, stays
// reachable with errors.As.
var (
	// ErrNotFound: no user matches the key, or (ReadOnly) no database exists
	// at the path yet (then the error also matches ErrNoDatabase).
	ErrNotFound = errors.New("not found")

	// ErrNoDatabase: a ReadOnly Open found no database at the path (no
	// file, or an empty one). It wraps ErrNotFound, so errors.Is(err,
	// ErrNotFound) holds as well.
	ErrNoDatabase = fmt.Errorf("no database yet: %w", ErrNotFound)

	// ErrExists: AddUser would duplicate an email, a nickname or a
	// (provider, uid) pair.
	ErrExists = errors.New("already exists")

	// ErrNotDatabase: the file is not SQLite, is corrupt, or is a SQLite
	// database that kakaologin did not create. The file is left untouched.
	ErrNotDatabase = errors.New("not a kakaologin database")

	// ErrNewerSchema: the database was written by a newer kakaologin. It is
	// refused and never rewritten.
	ErrNewerSchema = errors.New("database schema is newer than this kakaologin")

	// ErrOlderSchema: a ReadOnly open found a database that needs a
	// migration, which ReadOnly forbids; opening it read-write once fixes it.
	ErrOlderSchema = errors.New("database schema needs an upgrade")

	// ErrReadOnly: the file or its directory is not writable, or a write was
	// attempted on a store opened with Options.ReadOnly.
	ErrReadOnly = errors.New("database is read-only")

	// ErrInvalid: a Login or NewUser failed validation (for example an empty
	// UID or a profile that is not JSON). Nothing was written.
	ErrInvalid = errors.New("invalid input")
)

// kindError is an error of one sentinel kind with its own one-line message
// and an optional cause.
type kindError struct {
	msg   string
	kind  error
	cause error
}

func (e *kindError) Error() string { return e.msg }

func (e *kindError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

func newKind(kind, cause error, format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: kind, cause: cause}
}

func invalidf(format string, args ...any) error {
	return newKind(ErrInvalid, nil, format, args...)
}

// SQLite primary result codes this package reacts to.
const (
	codePerm     = 3
	codeBusy     = 5
	codeReadOnly = 8
	codeCorrupt  = 11
	codeCantOpen = 14
	codeNotADB   = 26
)

// sqliteCode returns the primary SQLite result code in err's chain, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// isPermission reports whether err says the file system refused a write.
func isPermission(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// classify turns a raw SQLite or file-system error into a sentinel-matching
// error that says what is wrong. prefix starts the message and names the file
// ("open /x.db", "record login /x.db"). Errors of no known kind, and errors
// already classified, are wrapped as is.
func classify(prefix string, err error) error {
	var ke *kindError
	if errors.As(err, &ke) {
		return fmt.Errorf("%s: %w", prefix, err)
	}
	switch code := sqliteCode(err); {
	case code == codeNotADB || code == codeCorrupt:
		return newKind(ErrNotDatabase, err,
			"%s: not a kakaologin database (not SQLite or corrupt)", prefix)
	case code == codeReadOnly || code == codePerm || code == codeCantOpen || isPermission(err):
		return newKind(ErrReadOnly, err,
			"%s: database file or its directory is not writable (%v)", prefix, err)
	case code == codeBusy:
		return fmt.Errorf("%s: database is busy (another process held its lock too long; retry): %w", prefix, err)
	}
	return fmt.Errorf("%s: %w", prefix, err)
}
