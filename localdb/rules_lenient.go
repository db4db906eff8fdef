package localdb

import (
	"context"
	"fmt"
)

// warnNoEmail is the lenient rules' note on a signup without email.
const warnNoEmail = "no email: signed up without one; a backend that requires email (ACCOUNT_EMAIL_REQUIRED) would refuse this login"

// lenientSignup is RulesLenient, kakaoLogin's rules before presets: a
// backend without the seed's bugs.
//
//   - The email belongs to a user, ignoring case (simple Unicode case
//     folding: "École@x" is "école@x", "ß" is not "ss"): conflict, answered
//     as dj-rest-auth does, 400 "User is already registered with this
//     e-mail address.". The reason says which accounts that user has.
//   - No email: signup without one (any number of users may have none),
//     with a warning.
//   - A taken nickname gets the first free suffix "_2", "_3"... and a
//     warning; no nickname is Provider + "_" + UID.
func (db *DB) lenientSignup(ctx context.Context, t *txn, l Login, same []emailUser) (Decision, error) {
	if len(same) > 0 {
		d, err := emailConflict(ctx, t, l, same[0].id)
		d.Response = respEmailRegistered()
		return d, err
	}
	nick, warnings := nicknameOf(l)
	nu := newUser{email: l.Email, verified: l.EmailVerified, nickname: nick}
	u, ok, err := db.insertSignup(ctx, t, l, nu, true)
	if err != nil {
		return Decision{}, err
	}
	if !ok { // nickname taken
		if nu.nickname, err = suffixedNickname(ctx, t, nick); err != nil {
			return Decision{}, err
		}
		warnings = append(warnings, fmt.Sprintf("nickname %q is taken: stored as %q", nick, nu.nickname))
		if u, _, err = db.insertSignup(ctx, t, l, nu, false); err != nil {
			return Decision{}, err
		}
	}
	if l.Email == "" {
		warnings = append(warnings, warnNoEmail)
	}
	return Decision{Result: ResultSignup, Warnings: warnings, User: &u}, nil
}
