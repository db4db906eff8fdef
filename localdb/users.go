package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

const (
	sqlUserIDByEmail    = "SELECT id FROM users WHERE email_key = ? ORDER BY id LIMIT 1" // foldEmail
	sqlUserIDByNickname = "SELECT id FROM users WHERE nickname = ?"
	sqlUserIDBySocial   = "SELECT user_id FROM social_accounts WHERE provider = ? AND uid = ?"
	sqlDeleteUser       = "DELETE FROM users WHERE id = ?" // social accounts cascade
	sqlCountUsers       = "SELECT count(*) FROM users"
)

// AddUser adds a user directly, as an admin or a plain email signup would:
// joined now, never logged in, with a social account (no profile) when
// Provider and UID are set. The nickname is used as given, never suffixed.
//
// Errors: ErrInvalid (see NewUser.Validate); ErrExists when the email
// (ignoring case, see RecordLogin), the
// nickname or the (Provider, UID) pair is already taken, naming the user
// that has it; ErrReadOnly.
func (db *DB) AddUser(ctx context.Context, nu NewUser) (User, error) {
	if err := nu.Validate(); err != nil {
		return User{}, fmt.Errorf("add user: %w", err)
	}
	if nu.Nickname == "" {
		nu.Nickname = generatedNickname(nu.Provider, nu.UID)
	}
	var u User
	err := db.write(ctx, "add user", func(ctx context.Context, t *txn) error {
		if err := checkFree(ctx, t, nu); err != nil {
			return err
		}
		now, at := stamp(db.now())
		u = User{Nickname: nu.Nickname, JoinedAt: at, Socials: []SocialAccount{}}
		var email any
		if nu.Email != "" {
			email, u.Email, u.EmailVerified = nu.Email, &nu.Email, nu.EmailVerified
		}
		res, err := t.exec(ctx, sqlInsertUser, email, emailKey(nu.Email), u.EmailVerified, u.Nickname, now, nil)
		if err != nil {
			return err
		}
		if u.ID, err = res.LastInsertId(); err != nil || nu.Provider == "" {
			return err
		}
		if _, err := t.exec(ctx, sqlInsertSocial, nu.Provider, nu.UID, u.ID, nil, now, nil); err != nil {
			return err
		}
		u.Socials = append(u.Socials, SocialAccount{Provider: nu.Provider, UID: nu.UID, JoinedAt: at})
		return nil
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// checkFree returns ErrExists, naming the holder, if nu's email, nickname or
// social account is taken.
func checkFree(ctx context.Context, t *txn, nu NewUser) error {
	checks := []struct {
		query string
		args  []any
		what  string
		skip  bool
	}{
		{sqlUserIDByEmail, []any{emailKey(nu.Email)}, "email " + nu.Email, nu.Email == ""},
		{sqlUserIDByNickname, []any{nu.Nickname}, "nickname " + strconv.Quote(nu.Nickname), false},
		{sqlUserIDBySocial, []any{nu.Provider, nu.UID}, nu.Provider + " account " + nu.UID, nu.Provider == ""},
	}
	for _, c := range checks {
		if c.skip {
			continue
		}
		var id int64
		err := t.row(ctx, c.query, c.args...).Scan(&id)
		if err == nil {
			return newKind(ErrExists, nil, "%s is already used by user %d", c.what, id)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return nil
}

// FindUser returns the user with its social accounts. key is a decimal
// user id or an email (ignoring case, see RecordLogin); surrounding spaces
// are ignored.
// Errors: ErrInvalid for an empty key, ErrNotFound when no user matches.
func (db *DB) FindUser(ctx context.Context, key string) (User, error) {
	var u User
	err := db.read(ctx, "find user", func(ctx context.Context, t *txn) error {
		var err error
		u, err = findUser(ctx, t, key)
		return err
	})
	return u, err
}

// DeleteUser deletes the user that key (as in FindUser) names, with its
// social accounts, and returns what it deleted. Errors: ErrInvalid,
// ErrNotFound, ErrReadOnly.
func (db *DB) DeleteUser(ctx context.Context, key string) (User, error) {
	var u User
	err := db.write(ctx, "delete user", func(ctx context.Context, t *txn) error {
		var err error
		if u, err = findUser(ctx, t, key); err != nil {
			return err
		}
		_, err = t.exec(ctx, sqlDeleteUser, u.ID)
		return err
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// CountUsers returns the number of users.
func (db *DB) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := db.read(ctx, "count users", func(ctx context.Context, t *txn) error {
		return t.row(ctx, sqlCountUsers).Scan(&n)
	})
	return n, err
}

// parseKey reads a user key: all ASCII digits is an id (ok false if it
// overflows int64), anything else an email.
func parseKey(key string) (id int64, email string, isID bool, err error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return 0, "", false, invalidf("empty user key; pass a user id or an email")
	}
	if strings.Trim(key, "0123456789") != "" {
		return 0, key, false, nil
	}
	id, err = strconv.ParseInt(key, 10, 64)
	if err != nil {
		return -1, "", true, nil // no user has an id this large
	}
	return id, "", true, nil
}

func findUser(ctx context.Context, t *txn, key string) (User, error) {
	id, email, isID, err := parseKey(key)
	if err != nil {
		return User{}, err
	}
	var u User
	if isID {
		u, err = loadUser(ctx, t, sqlUserByID, id)
	} else {
		u, err = loadUser(ctx, t, sqlUserByEmail, foldEmail(email))
	}
	switch {
	case errors.Is(err, sql.ErrNoRows) && isID:
		return User{}, newKind(ErrNotFound, nil, "no user with id %s", strings.TrimSpace(key))
	case errors.Is(err, sql.ErrNoRows):
		return User{}, newKind(ErrNotFound, nil, "no user with email %s", email)
	}
	return u, err
}
