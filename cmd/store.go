package cmd

import (
	"context"
	"fmt"

	"github.com/kakaologin/kakaologin/localdb"
)

func (f *Factory) openDB(ctx context.Context, path string, readOnly bool) (*localdb.DB, error) {
	return localdb.Open(ctx, path, localdb.Options{Now: f.Now, ReadOnly: readOnly})
}

// errConflict makes a conflict decision the command's error (exit 7).
func errConflict(d localdb.Decision) error {
	answer := "kakaologin refuses this login"
	if r := d.Response; r != nil {
		answer = fmt.Sprintf("the %s backend would answer HTTP %d", d.Rules, r.Status)
		if r.Location != "" {
			answer += " to " + r.Location
		}
	}
	return &exitError{code: ExitConflict, err: fmt.Errorf("conflict (%s, rules %s): %s: %s", d.Reason, d.Rules, d.Message, answer)}
}
