package localdb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// Nicknames that start with a prefix, as a range on the nickname index.
const sqlNicknamesFrom = "SELECT nickname FROM users WHERE nickname >= ? AND nickname < ?"

// generatedNickname is the nickname of a login that brings none.
func generatedNickname(provider, uid string) string { return provider + "_" + uid }

// suffixedNickname returns the first free of taken+"_2", taken+"_3", ...
// Deterministic for a given store.
func suffixedNickname(ctx context.Context, t *txn, taken string) (string, error) {
	n, err := firstFreeSuffix(ctx, t, taken+"_")
	if err != nil {
		return "", err
	}
	return taken + "_" + strconv.Itoa(n), nil
}

// firstFreeSuffix returns the smallest n >= 2 such that prefix+n is not a
// nickname. It reads the k nicknames that start with prefix from the index,
// so a signup costs O(k) for k same-named users: fine for real nicknames,
// quadratic only for an import of thousands of identical ones.
func firstFreeSuffix(ctx context.Context, t *txn, prefix string) (int, error) {
	rows, err := t.query(ctx, sqlNicknamesFrom, prefix, prefixEnd(prefix))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var ns []int // the suffix numbers taken
	k := 0
	for rows.Next() {
		var nick sql.RawBytes
		if err := rows.Scan(&nick); err != nil {
			return 0, err
		}
		k++
		if len(nick) < len(prefix) {
			continue // cannot happen: the range holds only prefix+...
		}
		if n, ok := suffixNumber(nick[len(prefix):]); ok {
			ns = append(ns, n)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	used := make([]bool, k+3) // k names leave one of 2..k+2 free
	for _, n := range ns {
		if n < len(used) {
			used[n] = true
		}
	}
	n := 2
	for used[n] {
		n++
	}
	return n, nil
}

// suffixNumber parses a canonical decimal >= 2 ("2", "10"; not "02", "+3").
func suffixNumber(s []byte) (int, bool) {
	if len(s) == 0 || len(s) > 9 || s[0] < '1' || s[0] > '9' {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n >= 2
}

// prefixEnd returns the smallest string above every string that starts
// with prefix, which ends in '_': the same with '`', the next byte.
func prefixEnd(prefix string) string {
	return strings.TrimSuffix(prefix, "_") + "`"
}
