package localdb

import (
	"context"
	"database/sql"
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldEmail returns the key emails are compared by (users.email_key):
// simple Unicode case folding, the per-character folding of Unicode's
// CaseFolding.txt (statuses C and S) that strings.EqualFold uses, so
// "École@x" and "école@x" are one email. Each character becomes one
// member of its folding orbit: the lower-case one where there is one
// (ASCII keys are plain lower case), else the lowest.
//
// Not full folding: "ß" and "ss" stay different (the standard library has
// no full folding, and no email provider treats them as one), and there is
// no Unicode normalisation (a precomposed "é" and "e" + U+0301 differ).
func foldEmail(s string) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		return strings.ToLower(s)
	}
	return strings.Map(foldRune, s)
}

func foldRune(r rune) rune {
	low := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		low = min(low, f)
	}
	if l := unicode.ToLower(low); l != low && sameOrbit(l, low) {
		return l
	}
	return low
}

// sameOrbit reports whether a and b fold to each other.
func sameOrbit(a, b rune) bool {
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return a == b
}

// emailKey is the email_key column's value for email: NULL for none.
func emailKey(email string) any {
	if email == "" {
		return nil
	}
	return foldEmail(email)
}

// fillEmailKeys is the Go half of migration 0003: SQLite cannot fold
// Unicode case, so the keys of existing users are computed here.
func fillEmailKeys(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, email FROM users WHERE email IS NOT NULL")
	if err != nil {
		return err
	}
	type row struct {
		id    int64
		email string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.email); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, "UPDATE users SET email_key = ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, r := range all {
		if _, err := stmt.ExecContext(ctx, foldEmail(r.email), r.id); err != nil {
			return err
		}
	}
	return nil
}
