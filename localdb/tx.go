package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// txn is one transaction and the statements it used.
type txn struct {
	db    *DB
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

// stmt returns query as a statement of t. It closes with t; the statement
// it derives from stays prepared on the connection for the next transaction.
func (t *txn) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	ps, err := t.db.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	s := t.tx.StmtContext(ctx, ps)
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[query] = s
	return s, nil
}

func (t *txn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (t *txn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// scanner is what *sql.Row and errRow have in common.
type scanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func (t *txn) row(ctx context.Context, query string, args ...any) scanner {
	s, err := t.stmt(ctx, query)
	if err != nil {
		return errRow{err}
	}
	return s.QueryRowContext(ctx, args...)
}

// write runs fn in one IMMEDIATE transaction, committed only if fn returns
// nil. op names the method in errors ("record login").
//
// ctx bounds the wait for the write lock, and its end rolls the transaction
// back. fn gets ctx without its cancellation: a statement inside the
// transaction never waits for a lock, and modernc.org/sqlite would otherwise
// start a watcher goroutine per statement (7% of an import). Loops in fn
// check the original ctx between items instead.
func (db *DB) write(ctx context.Context, op string, fn func(context.Context, *txn) error) error {
	if db.readOnly {
		return newKind(ErrReadOnly, nil,
			"%s %s: database opened read-only (Options.ReadOnly)", op, db.path)
	}
	if err := db.lockWrite(ctx); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer db.unlockWrite()
	return db.run(ctx, context.WithoutCancel(ctx), op, nil, fn)
}

// read runs fn in one read-only (deferred) transaction: a consistent
// snapshot that takes no write lock. fn's statements watch ctx.
func (db *DB) read(ctx context.Context, op string, fn func(context.Context, *txn) error) error {
	return db.run(ctx, ctx, op, &sql.TxOptions{ReadOnly: true}, fn)
}

func (db *DB) run(ctx, fnCtx context.Context, op string, opts *sql.TxOptions, fn func(context.Context, *txn) error) error {
	tx, err := db.sql.BeginTx(ctx, opts)
	if err != nil {
		return db.fail(op, err)
	}
	if err := fn(fnCtx, &txn{db: db, tx: tx}); err != nil {
		tx.Rollback()
		return db.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return db.fail(op, err)
	}
	return nil
}

// fail prefixes err with op; storage errors also name the file and, for
// the known kinds, match a sentinel (see classify).
func (db *DB) fail(op string, err error) error {
	var ke *kindError
	if errors.As(err, &ke) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", op, err)
	}
	return classify(op+" "+db.path, err)
}

// prepared returns query prepared on the pool. database/sql prepares it
// again on each connection that needs it, once, and Tx.StmtContext reuses
// that, so a transaction pays no parse for a query seen before.
func (db *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if s, ok := db.stmts[query]; ok {
		return s, nil
	}
	s, err := db.sql.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if db.stmts == nil {
		db.stmts = map[string]*sql.Stmt{}
	}
	db.stmts[query] = s
	return s, nil
}

func (db *DB) closeStmts() {
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	for _, s := range db.stmts {
		s.Close()
	}
	db.stmts = nil
}
