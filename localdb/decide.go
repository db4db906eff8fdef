package localdb

import (
	"context"
	"fmt"
	"strings"
)

const (
	// One lookup for both branches of the decision: the social account
	// (kind 1) and the user owning the email (kind 0), each at most one row.
	sqlLookup = "SELECT 1, id, user_id FROM social_accounts WHERE provider = ?1 AND uid = ?2" +
		" UNION ALL SELECT 0, 0, id FROM (SELECT id FROM users WHERE email_key = ?3 ORDER BY id LIMIT 1)"
	sqlTouchSocial = "UPDATE social_accounts SET profile = coalesce(?, profile), last_login_at = ? WHERE id = ?"
	sqlTouchUser   = "UPDATE users SET last_login_at = ? WHERE id = ?"
	sqlInsertUser  = "INSERT INTO users (email, email_key, email_verified, nickname, joined_at, last_login_at) VALUES (?, ?, ?, ?, ?, ?)"
	// The usual signup: the nickname is free; when not, no row and no error.
	sqlInsertUserIfFree = sqlInsertUser + " ON CONFLICT (nickname) DO NOTHING"
	sqlInsertSocial     = "INSERT INTO social_accounts (provider, uid, user_id, profile, joined_at, last_login_at) VALUES (?, ?, ?, ?, ?, ?)"
	warnNoEmail         = "no email: signed up without one; a backend that requires email (ACCOUNT_EMAIL_REQUIRED) would refuse this login"
	msgNotSocial        = "email exists but not social user"
	msgNoMatchingType   = "no matching social type"
)

// RecordLogin decides what django-allauth (with the dj-rest-auth seed
// backend) would do with l, and stores the outcome, in one transaction:
//
//  1. The social account (Provider, UID) exists: signin. Its profile (when
//     l.Profile is set) and last login, and its user's last login, become
//     the new ones; the user's nickname and email are kept.
//  2. Else, l.Email belongs to a user, ignoring case (simple Unicode case
//     folding: "École@x" is "école@x", "ß" is not "ss"): conflict,
//     nothing written. Reason "email_exists_not_social" if that user has no
//     social account, "email_linked_to_other_uid" if it has another account
//     of l.Provider, else "no_matching_social_type".
//  3. Else: signup of a new user with its social account. Without email a
//     warning says a backend requiring email would refuse it, or, with
//     l.RequireEmail, the result is conflict "email_required" instead. A
//     taken nickname gets the first free suffix "_2", "_3"..., and a warning.
//
// Decision.User's profile of a signup shares memory with l.Profile.
// Errors: ErrInvalid (see Login.Validate), ErrReadOnly,
// and storage errors; on error nothing is written.
func (db *DB) RecordLogin(ctx context.Context, l Login) (Decision, error) {
	if err := l.Validate(); err != nil {
		return Decision{}, fmt.Errorf("record login: %w", err)
	}
	var d Decision
	err := db.write(ctx, "record login", func(ctx context.Context, t *txn) error {
		var err error
		d, err = db.decide(ctx, t, l)
		return err
	})
	if err != nil {
		return Decision{}, err
	}
	return d, nil
}

func (db *DB) decide(ctx context.Context, t *txn, l Login) (Decision, error) {
	rows, err := t.query(ctx, sqlLookup, l.Provider, l.UID, emailKey(l.Email)) // NULL matches no user
	if err != nil {
		return Decision{}, err
	}
	var social, socialID, userID, emailUserID int64
	for rows.Next() {
		var kind, id, uid int64
		if err := rows.Scan(&kind, &id, &uid); err != nil {
			rows.Close()
			return Decision{}, err
		}
		if kind == 1 {
			social, socialID, userID = 1, id, uid
		} else {
			emailUserID = uid
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Decision{}, err
	}
	switch {
	case social == 1:
		return db.signin(ctx, t, l, socialID, userID)
	case l.Email == "" && l.RequireEmail:
		return Decision{Result: ResultConflict, Reason: ReasonEmailRequired,
			Message: "email required but the provider returned none"}, nil
	case emailUserID != 0:
		u, err := loadUser(ctx, t, sqlUserByID, emailUserID)
		if err != nil {
			return Decision{}, err
		}
		return conflict(l, u), nil
	}
	return db.signup(ctx, t, l)
}

func (db *DB) signin(ctx context.Context, t *txn, l Login, socialID, userID int64) (Decision, error) {
	now, _ := stamp(db.now())
	var profile any // nil keeps the stored profile
	if len(l.Profile) > 0 {
		profile = string(l.Profile)
	}
	if _, err := t.exec(ctx, sqlTouchSocial, profile, now, socialID); err != nil {
		return Decision{}, err
	}
	if _, err := t.exec(ctx, sqlTouchUser, now, userID); err != nil {
		return Decision{}, err
	}
	u, err := loadUser(ctx, t, sqlUserByID, userID)
	if err != nil {
		return Decision{}, err
	}
	d := Decision{Result: ResultSignin, User: &u}
	if l.Email != "" && (u.Email == nil || !strings.EqualFold(*u.Email, l.Email)) {
		stored := "none"
		if u.Email != nil {
			stored = *u.Email
		}
		d.Warnings = append(d.Warnings, fmt.Sprintf(
			"provider email %s differs from the stored email (%s); kept the stored one, as allauth does", l.Email, stored))
	}
	return d, nil
}

// conflict explains why the existing user u, who owns l's email, blocks l.
func conflict(l Login, u User) Decision {
	d := Decision{Result: ResultConflict, User: &u}
	for _, s := range u.Socials {
		if s.Provider == l.Provider {
			d.Reason = ReasonEmailLinkedToOtherUID
			d.Message = fmt.Sprintf("email linked to another %s account (uid %s)", s.Provider, s.UID)
			return d
		}
	}
	if len(u.Socials) > 0 {
		d.Reason, d.Message = ReasonNoMatchingSocialType, msgNoMatchingType
	} else {
		d.Reason, d.Message = ReasonEmailExistsNotSocial, msgNotSocial
	}
	return d
}

func (db *DB) signup(ctx context.Context, t *txn, l Login) (Decision, error) {
	now, at := stamp(db.now())
	u := User{Nickname: l.Nickname, JoinedAt: at, LastLoginAt: &at}
	var warnings []string
	if u.Nickname == "" {
		u.Nickname = generatedNickname(l.Provider, l.UID)
		warnings = append(warnings, fmt.Sprintf("no nickname: generated %q", u.Nickname))
	}
	var email any
	if l.Email != "" {
		email, u.Email, u.EmailVerified = l.Email, &l.Email, l.EmailVerified
	}
	res, err := t.exec(ctx, sqlInsertUserIfFree, email, emailKey(l.Email), u.EmailVerified, u.Nickname, now, now)
	if err != nil {
		return Decision{}, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return Decision{}, err
	} else if n == 0 { // nickname taken
		want := u.Nickname
		if u.Nickname, err = suffixedNickname(ctx, t, want); err != nil {
			return Decision{}, err
		}
		warnings = append(warnings, fmt.Sprintf("nickname %q is taken: stored as %q", want, u.Nickname))
		if res, err = t.exec(ctx, sqlInsertUser, email, emailKey(l.Email), u.EmailVerified, u.Nickname, now, now); err != nil {
			return Decision{}, err
		}
	}
	if l.Email == "" {
		warnings = append(warnings, warnNoEmail)
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return Decision{}, err
	}
	var profile any
	if len(l.Profile) > 0 {
		profile = string(l.Profile)
	}
	if _, err := t.exec(ctx, sqlInsertSocial, l.Provider, l.UID, u.ID, profile, now, now); err != nil {
		return Decision{}, err
	}
	u.Socials = []SocialAccount{{Provider: l.Provider, UID: l.UID, Profile: l.Profile, JoinedAt: at, LastLoginAt: &at}}
	return Decision{Result: ResultSignup, Warnings: warnings, User: &u}, nil
}
