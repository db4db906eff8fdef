package cmd

import (
	"errors"

	"github.com/kakaologin/kakaologin/localdb"
)

// storeExitCode maps local store errors to exit codes: a database that
// cannot be used is ExitStore; a wrong key or duplicate is a usage error.
func storeExitCode(err error) (int, bool) {
	switch {
	case errors.Is(err, localdb.ErrNotDatabase), errors.Is(err, localdb.ErrNewerSchema),
		errors.Is(err, localdb.ErrOlderSchema), errors.Is(err, localdb.ErrReadOnly):
		return ExitStore, true
	case errors.Is(err, localdb.ErrNotFound), errors.Is(err, localdb.ErrExists), errors.Is(err, localdb.ErrInvalid):
		return ExitUsage, true
	}
	return 0, false
}
