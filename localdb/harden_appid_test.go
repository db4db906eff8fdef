package localdb

import (
	"errors"
	"path/filepath"
	"testing"
)

// Files written before application_id existed (user_version 1, our tables,
// application_id 0) still open, and are stamped on the upgrade.
func TestOpenLegacyFileWithoutApplicationID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.db")
	sqliteFile(t, path, migrations()[0].sql, "PRAGMA user_version = 1",
		`INSERT INTO users (email, nickname, joined_at) VALUES ('old@example.com', 'old', '2025-01-01T00:00:00Z')`)

	// Read-only, it is ours (at most in need of an upgrade).
	if ro, err := Open(testCtx(t), path, Options{ReadOnly: true}); err == nil {
		ro.Close()
	} else if !errors.Is(err, ErrOlderSchema) {
		t.Fatalf("read-only open of a legacy file = %v, want success or ErrOlderSchema", err)
	}

	db := openAt(t, path, nil)
	if u, err := db.FindUser(testCtx(t), "old@example.com"); err != nil || u.Nickname != "old" {
		t.Fatalf("FindUser in a legacy file = %+v, %v", u, err)
	}
	var id int64
	if err := db.sql.QueryRow("PRAGMA application_id").Scan(&id); err != nil || id != applicationID {
		t.Errorf("application_id after upgrade = %d, %v; want %d", id, err, applicationID)
	}
}

// New files carry our application_id.
func TestOpenStampsApplicationID(t *testing.T) {
	db := openTest(t, nil)
	var id int64
	if err := db.sql.QueryRow("PRAGMA application_id").Scan(&id); err != nil || id != applicationID {
		t.Errorf("application_id = %d, %v; want %d", id, err, applicationID)
	}
}
