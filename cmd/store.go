package cmd

import (
	"context"

	"github.com/kakaologin/kakaologin/localdb"
)

func (f *Factory) openDB(ctx context.Context, path string, readOnly bool) (*localdb.DB, error) {
	return localdb.Open(ctx, path, localdb.Options{Now: f.Now, ReadOnly: readOnly})
}
