package localdb

import (
	"context"
	"fmt"
	"strings"
)

// allauthSignup is RulesAllauth: stock django-allauth 65.x (modelled on
// 65.16.1, socialaccount/internal/flows/signup.py) with Django's default
// auth.User and allauth's browser flow, default settings (see Rules).
//
//   - allauth lower-cases the provider's email and looks it up exactly in
//     EmailAddress and User.email (its own rows are lower case). Taken:
//     no auto-signup and nothing written; the callback redirects (302) to
//     /accounts/3rdparty/signup/, whose form refuses the email. The reason
//     says which accounts that user has. A user whose stored email is not
//     lower case (made outside allauth) is missed: signup, with a warning.
//   - No email: signup; auth.User's email is optional and not unique.
//   - The username is the nickname when valid and free, else generated
//     from the email's local part or "user" with a random suffix (see
//     allauthUsername); all candidates taken is HTTP 500.
//   - The user is stored with the lower-cased email.
func (db *DB) allauthSignup(ctx context.Context, t *txn, l Login, same []emailUser) (Decision, error) {
	email := strings.ToLower(l.Email)
	var warnings []string
	for _, s := range same {
		if s.email == email {
			d, err := emailConflict(ctx, t, l, s.id)
			d.Message += ": allauth does not auto-sign-up a taken email; its signup form says: " + msgAllauthEmailTaken
			d.Response = respSignupForm
			return d, err
		}
	}
	if len(same) > 0 {
		warnings = append(warnings, fmt.Sprintf(
			"user %d's email %s is not lower case: allauth compares lower-cased emails exactly, misses it and signs up a second user with that address",
			same[0].id, same[0].email))
	}
	name, generated, ok, err := allauthUsername(ctx, t, l, email)
	if err != nil {
		return Decision{}, err
	}
	if !ok {
		return Decision{Result: ResultConflict, Reason: ReasonUsernameExhausted,
			Message:  "every username allauth tries is taken: NotImplementedError (HTTP 500)",
			Response: respServerError()}, nil
	}
	if generated {
		why := "is taken or not a valid username"
		if l.Nickname == "" {
			why = "is missing"
		}
		warnings = append(warnings, fmt.Sprintf("nickname %q %s: allauth generated username %q (a random suffix, if any, differs from the real one)", l.Nickname, why, name))
	}
	u, _, err := db.insertSignup(ctx, t, l, newUser{email: email, verified: l.EmailVerified, nickname: name}, false)
	if err != nil {
		return Decision{}, err
	}
	return Decision{Result: ResultSignup, Warnings: warnings, User: &u}, nil
}
