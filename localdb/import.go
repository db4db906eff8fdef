package localdb

import (
	"context"
	"fmt"
	"iter"
)

// ImportLogins records the logins that logins yields, in order, as
// RecordLogin would, all in one transaction: a later login sees the users
// the earlier ones created. Logins are read one at a time, inside the
// transaction, so an import of any size holds one login in memory.
//
// each, when not nil, is called after each login with its 0-based index
// and decision; the decision's user shares memory with the login and is
// not kept. An error from logins or from each stops the import and is
// returned as is; a login that fails Validate is ErrInvalid naming its
// index. On any error, or when ctx ends, nothing at all is written.
// It returns the number of logins recorded.
func (db *DB) ImportLogins(ctx context.Context, logins iter.Seq2[Login, error], each func(i int, l Login, d Decision) error) (int, error) {
	n := 0
	var stop error // from logins or each: returned unwrapped
	err := db.write(ctx, "import logins", func(sctx context.Context, t *txn) error {
		for l, err := range logins {
			if err != nil {
				stop = err
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := l.Validate(); err != nil {
				return fmt.Errorf("login %d: %w", n, err)
			}
			d, err := db.decide(sctx, t, l)
			if err != nil {
				return fmt.Errorf("login %d: %w", n, err)
			}
			if each != nil {
				if err := each(n, l, d); err != nil {
					stop = err
					return err
				}
			}
			n++
		}
		return nil
	})
	if stop != nil {
		return 0, stop
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}
