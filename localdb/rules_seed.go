package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The first user without email: the one holding "" in the seed's column.
const sqlFirstUserWithoutEmail = "SELECT id FROM users WHERE email_key IS NULL ORDER BY id LIMIT 1"

const (
	msgNicknameTaken   = "the backend's unique nickname column raises IntegrityError (HTTP 500)"
	msgEmailBlankTaken = `the backend stores a missing email as "" in its unique email column, which a user without email already holds: IntegrityError (HTTP 500)`
	warnSeedNoEmail    = `no email: the backend stores "" in its unique email column; the next user without email will fail with IntegrityError (HTTP 500)`
)

// seedSignup is RulesSeed: django-allauth 0.51 with dj-rest-auth 4.0.1's
// SocialLoginView and the seed's user model (email unique, NOT NULL, ""
// for none; nickname unique, set straight from the provider's nickname),
// on SQLite, as examples/django-allauth runs it. In order:
//
//   - A user's email equals l's exactly, case included: allauth declines
//     auto-signup (it matches emails ignoring case), then dj-rest-auth's
//     own check, User.objects.filter(email=...), matches exactly and
//     answers 400 "User is already registered with this e-mail address.".
//     The reason says which accounts that user has.
//   - The email matches a user's only ignoring case: allauth still declines
//     auto-signup, but dj-rest-auth's exact check misses it and saves the
//     login anyway (login.save(connect=True)): a second user with the same
//     address, HTTP 200. Signup, with a warning.
//   - No email and a user without email exists: allauth stores "" and the
//     unique email column already holds one: IntegrityError inside
//     complete_social_login, which nothing catches: HTTP 500,
//     "email_blank_taken".
//   - The nickname is taken (exactly, as SQLite's unique index compares):
//     IntegrityError, HTTP 500, "nickname_taken". Kakao nicknames are not
//     unique, so a real service hits this. (dj-rest-auth >= 5.0.2 answers
//     the same clash on the connect path above with 400 instead; 4.0.1, the
//     one modelled, answers 500 on both paths.)
//   - Else signup. No nickname is Provider + "_" + UID, the example
//     adapter's choice: the seed must put something in a unique column.
func (db *DB) seedSignup(ctx context.Context, t *txn, l Login, same []emailUser) (Decision, error) {
	var warnings []string
	if l.Email != "" {
		for _, s := range same {
			if s.email == l.Email {
				d, err := emailConflict(ctx, t, l, s.id)
				d.Response = respEmailRegistered()
				return d, err
			}
		}
		if len(same) > 0 {
			warnings = append(warnings, fmt.Sprintf(
				"email %s differs only in case from user %d's (%s): allauth declines auto-signup, but dj-rest-auth's exact-match check misses it and the backend saves a second user with that address",
				l.Email, same[0].id, same[0].email))
		}
	} else {
		var id int64
		err := t.row(ctx, sqlFirstUserWithoutEmail).Scan(&id)
		if err == nil {
			return backendFailure(ctx, t, sqlUserByID, id, ReasonEmailBlankTaken, msgEmailBlankTaken)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Decision{}, err
		}
		warnings = append(warnings, warnSeedNoEmail)
	}
	nick, gen := nicknameOf(l)
	warnings = append(gen, warnings...)
	u, ok, err := db.insertSignup(ctx, t, l, newUser{email: l.Email, verified: l.EmailVerified, nickname: nick}, true)
	if err != nil {
		return Decision{}, err
	}
	if !ok {
		return backendFailure(ctx, t, sqlUserByNickname, nick, ReasonNicknameTaken, msgNicknameTaken)
	}
	return Decision{Result: ResultSignup, Warnings: warnings, User: &u}, nil
}

// backendFailure is a conflict where the backend fails with HTTP 500
// because of the user that query (by arg) selects.
func backendFailure(ctx context.Context, t *txn, query string, arg any, reason, msg string) (Decision, error) {
	u, err := loadUser(ctx, t, query, arg)
	if err != nil {
		return Decision{}, err
	}
	return Decision{Result: ResultConflict, Reason: reason, Message: msg, Response: respServerError(), User: &u}, nil
}
