package localdb

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"
	"unicode/utf8"
)

// Column lists shared by the queries and the scanners below.
const (
	userColumns   = "id, email, email_verified, nickname, joined_at, last_login_at"
	socialColumns = "provider, uid, profile, joined_at, last_login_at"

	sqlUserByID    = "SELECT " + userColumns + " FROM users WHERE id = ?"
	sqlUserByEmail = "SELECT " + userColumns + " FROM users WHERE email_key = ? ORDER BY id LIMIT 1" // foldEmail
	sqlSocialsOf   = "SELECT " + socialColumns + " FROM social_accounts WHERE user_id = ? ORDER BY id"
)

// userRow holds the raw columns of one users row.
type userRow struct {
	id        int64
	email     sql.NullString
	verified  bool
	nickname  string
	joinedAt  string
	lastLogin sql.NullString
}

func (r *userRow) dest() []any {
	return []any{&r.id, &r.email, &r.verified, &r.nickname, &r.joinedAt, &r.lastLogin}
}

func (r *userRow) user() (User, error) {
	u := User{ID: r.id, EmailVerified: r.verified, Nickname: r.nickname, Socials: []SocialAccount{}}
	if r.email.Valid {
		e := r.email.String
		u.Email = &e
	}
	var err error
	if u.JoinedAt, err = parseTime(r.joinedAt); err != nil {
		return User{}, fmt.Errorf("user %d: %w", r.id, err)
	}
	if u.LastLoginAt, err = parseNullTime(r.lastLogin); err != nil {
		return User{}, fmt.Errorf("user %d: %w", r.id, err)
	}
	return u, nil
}

// socialRow holds the raw columns of one social_accounts row. Its fields
// are nullable because the stream reads them through a LEFT JOIN.
type socialRow struct {
	provider  sql.NullString
	uid       sql.NullString
	profile   []byte
	joinedAt  sql.NullString
	lastLogin sql.NullString
}

func (r *socialRow) dest() []any {
	return []any{&r.provider, &r.uid, &r.profile, &r.joinedAt, &r.lastLogin}
}

func (r *socialRow) social() (SocialAccount, error) {
	s := SocialAccount{Provider: r.provider.String, UID: r.uid.String}
	if len(r.profile) > 0 {
		s.Profile = r.profile // Scan into *[]byte copies: safe to keep
		if !utf8.Valid(s.Profile) {
			// Stored before Login.Validate refused it. The bad bytes can
			// only be inside JSON strings, so U+FFFD keeps it valid JSON.
			s.Profile = bytes.ToValidUTF8(s.Profile, []byte("\uFFFD"))
		}
	}
	var err error
	if s.JoinedAt, err = parseTime(r.joinedAt.String); err != nil {
		return SocialAccount{}, fmt.Errorf("social account %s %s: %w", s.Provider, s.UID, err)
	}
	if s.LastLoginAt, err = parseNullTime(r.lastLogin); err != nil {
		return SocialAccount{}, fmt.Errorf("social account %s %s: %w", s.Provider, s.UID, err)
	}
	return s, nil
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

func parseNullTime(s sql.NullString) (*time.Time, error) {
	if !s.Valid {
		return nil, nil
	}
	t, err := parseTime(s.String)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// loadUser reads the one user query selects (by arg) with its social
// accounts. No such user is sql.ErrNoRows.
func loadUser(ctx context.Context, t *txn, query string, arg any) (User, error) {
	var r userRow
	if err := t.row(ctx, query, arg).Scan(r.dest()...); err != nil {
		return User{}, err
	}
	u, err := r.user()
	if err != nil {
		return User{}, err
	}
	rows, err := t.query(ctx, sqlSocialsOf, u.ID)
	if err != nil {
		return User{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var sr socialRow
		if err := rows.Scan(sr.dest()...); err != nil {
			return User{}, err
		}
		s, err := sr.social()
		if err != nil {
			return User{}, err
		}
		u.Socials = append(u.Socials, s)
	}
	return u, rows.Err()
}
