package cmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/localdb"
)

// dbFlag is the --db flag of the commands that use the local user store.
type dbFlag struct{ path string }

func (d *dbFlag) register(c *cobra.Command) {
	c.Flags().StringVar(&d.path, "db", "", "user store (SQLite) path (env KAKAOLOGIN_DB, default $XDG_DATA_HOME/kakaologin/users.db)")
}

// resolve is --db, then KAKAOLOGIN_DB, then the XDG data directory.
func (d *dbFlag) resolve(f *Factory) (string, error) {
	if p := f.env(d.path, "KAKAOLOGIN_DB"); p != "" {
		return p, nil
	}
	dir := f.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", usageErrorf(fmt.Errorf("no home directory for the user store: pass --db PATH"))
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "kakaologin", "users.db"), nil
}

// storeFlags are the flags of the user store commands: --db and --output.
type storeFlags struct {
	db  dbFlag
	out outputFlag
}

func (s *storeFlags) register(c *cobra.Command) {
	s.db.register(c)
	s.out.register(c)
}

// resolve returns the store's path and the output format.
func (s *storeFlags) resolve(f *Factory) (path, format string, err error) {
	if path, err = s.db.resolve(f); err != nil {
		return "", "", err
	}
	format, err = s.out.format(f.IO)
	return path, format, err
}

func (f *Factory) openDB(ctx context.Context, path string, readOnly bool) (*localdb.DB, error) {
	return localdb.Open(ctx, path, localdb.Options{Now: f.Now, ReadOnly: readOnly})
}
