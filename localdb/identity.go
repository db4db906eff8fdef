package localdb

import (
	"context"
	"database/sql"
)

// applicationID is the PRAGMA application_id of kakaologin's files: "KKLG"
// in ASCII. Migration 0002 stamps it (migrations/0002_application_id.sql
// holds the same number); files created before it have 0.
const applicationID = 0x4B4B4C47

// coreColumns are the columns every schema version has, by table: what
// tells a file of ours that predates applicationID from another
// application's file that happens to have the same user_version.
func coreColumns() map[string][]string {
	return map[string][]string{
		"users":           {"id", "email", "email_verified", "nickname", "joined_at", "last_login_at"},
		"social_accounts": {"id", "provider", "uid", "user_id", "profile", "joined_at", "last_login_at"},
	}
}

// fileState is what Open reads of a file before it writes anything.
type fileState struct {
	version int   // PRAGMA user_version
	appID   int64 // PRAGMA application_id
	objects int   // rows of sqlite_schema: 0 for a new file
	core    bool  // the coreColumns tables are all there
}

// identity says whether the file is new, ours, or not ours.
type identity int

const (
	identityNew identity = iota
	identityOurs
	identityForeign
)

// identify classifies a file from its state. Ours is: our application_id,
// or (files from before it) application_id 0 with a user_version and our
// tables. New is an empty database with no id or ours. Anything else is
// another application's.
func (s fileState) identify() identity {
	switch {
	case s.appID != 0 && s.appID != applicationID:
		return identityForeign
	case s.version == 0 && s.objects == 0:
		return identityNew
	case s.version > 0 && s.core:
		return identityOurs
	case s.version > schemaVersion() && s.appID == applicationID:
		return identityOurs // newer: its tables may have changed
	}
	return identityForeign
}

// inspect reads the file's state in one read transaction. It is the first
// statement on a new file, so it is where SQLite reports a file that is not
// a database.
func (db *DB) inspect(ctx context.Context) (fileState, error) {
	var s fileState
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s, err
	}
	defer tx.Rollback()
	for q, dst := range map[string]any{
		"PRAGMA user_version":                &s.version,
		"PRAGMA application_id":              &s.appID,
		"SELECT count(*) FROM sqlite_schema": &s.objects,
	} {
		if err := tx.QueryRowContext(ctx, q).Scan(dst); err != nil {
			return s, err
		}
	}
	if s.objects == 0 {
		return s, nil
	}
	s.core = true
	for table, cols := range coreColumns() {
		have, err := columns(ctx, tx, table)
		if err != nil {
			return s, err
		}
		for _, c := range cols {
			s.core = s.core && have[c]
		}
	}
	return s, nil
}

// columns returns the set of table's column names; empty if no such table.
func columns(ctx context.Context, tx *sql.Tx, table string) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		have[name] = true
	}
	return have, rows.Err()
}
