package localdb

import (
	"context"
	"fmt"
	"strings"
)

const (
	// One lookup for both branches of the decision: the social account
	// (kind 1, at most one row) and the users whose email folds to the
	// login's (kind 0: usually none or one; the seed rules let case
	// variants of one email be several users), with their emails.
	sqlLookup = "SELECT 1, id, user_id, NULL FROM social_accounts WHERE provider = ?1 AND uid = ?2" +
		" UNION ALL SELECT 0, 0, id, email FROM users WHERE email_key = ?3"
	sqlTouchSocial = "UPDATE social_accounts SET profile = coalesce(?, profile), last_login_at = ? WHERE id = ?"
	sqlTouchUser   = "UPDATE users SET last_login_at = ? WHERE id = ?"
	sqlInsertUser  = "INSERT INTO users (email, email_key, email_verified, nickname, joined_at, last_login_at) VALUES (?, ?, ?, ?, ?, ?)"
	// A signup whose nickname is free; when not, no row and no error.
	sqlInsertUserIfFree = sqlInsertUser + " ON CONFLICT (nickname) DO NOTHING"
	sqlInsertSocial     = "INSERT INTO social_accounts (provider, uid, user_id, profile, joined_at, last_login_at) VALUES (?, ?, ?, ?, ?, ?)"
	sqlUserByNickname   = "SELECT " + userColumns + " FROM users WHERE nickname = ?"
	msgNotSocial        = "email exists but not social user"
	msgNoMatchingType   = "no matching social type"
)

// RecordLogin decides what the backend that l.Rules imitate (see Rules)
// would do with l, and stores the outcome, in one transaction:
//
//  1. The social account (Provider, UID) exists: signin under every
//     preset. Its profile (when l.Profile is set) and last login, and its
//     user's last login, become the new ones; the user's nickname and
//     email are kept, with a warning when the provider's email differs.
//  2. Else, with l.RequireEmail and no email: conflict "email_required".
//  3. Else the rules decide between signup and conflict: seedSignup,
//     allauthSignup, lenientSignup. A conflict writes nothing and names
//     the backend's answer in Decision.Response.
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

// emailUser is a user whose email folds to the login's.
type emailUser struct {
	id    int64
	email string
}

func (db *DB) decide(ctx context.Context, t *txn, l Login) (Decision, error) {
	l.Rules = l.Rules.orDefault()
	rows, err := t.query(ctx, sqlLookup, l.Provider, l.UID, emailKey(l.Email)) // NULL matches no user
	if err != nil {
		return Decision{}, err
	}
	var (
		social, socialID, userID int64
		same                     []emailUser // by id
	)
	for rows.Next() {
		var kind, id, uid int64
		var email *string
		if err := rows.Scan(&kind, &id, &uid, &email); err != nil {
			rows.Close()
			return Decision{}, err
		}
		if kind == 1 {
			social, socialID, userID = 1, id, uid
		} else if email != nil {
			same = append(same, emailUser{uid, *email})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Decision{}, err
	}
	var d Decision
	switch {
	case social == 1:
		d, err = db.signin(ctx, t, l, socialID, userID)
	case l.Email == "" && l.RequireEmail:
		d = Decision{Result: ResultConflict, Reason: ReasonEmailRequired,
			Message: "email required but the provider returned none"}
	case l.Rules == RulesAllauth:
		d, err = db.allauthSignup(ctx, t, l, same)
	case l.Rules == RulesLenient:
		d, err = db.lenientSignup(ctx, t, l, same)
	default:
		d, err = db.seedSignup(ctx, t, l, same)
	}
	d.Rules = l.Rules
	return d, err
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

// emailConflict loads the user with id, who owns l's email, and explains
// how they block l: the reason says which accounts that user has.
func emailConflict(ctx context.Context, t *txn, l Login, id int64) (Decision, error) {
	u, err := loadUser(ctx, t, sqlUserByID, id)
	if err != nil {
		return Decision{}, err
	}
	d := Decision{Result: ResultConflict, User: &u}
	for _, s := range u.Socials {
		if s.Provider == l.Provider {
			d.Reason = ReasonEmailLinkedToOtherUID
			d.Message = fmt.Sprintf("email linked to another %s account (uid %s)", s.Provider, s.UID)
			return d, nil
		}
	}
	if len(u.Socials) > 0 {
		d.Reason, d.Message = ReasonNoMatchingSocialType, msgNoMatchingType
	} else {
		d.Reason, d.Message = ReasonEmailExistsNotSocial, msgNotSocial
	}
	return d, nil
}

// nicknameOf is l's nickname, or the generated one when it has none, and
// the warning that says so.
func nicknameOf(l Login) (string, []string) {
	if l.Nickname != "" {
		return l.Nickname, nil
	}
	n := generatedNickname(l.Provider, l.UID)
	return n, []string{fmt.Sprintf("no nickname: generated %q", n)}
}

// newUser is a signup to insert: the user row's values.
type newUser struct {
	email    string // "" for none
	verified bool
	nickname string
}

// insertSignup inserts the user nu and l's social account. With ifFree, a
// taken nickname inserts nothing and returns ok false.
func (db *DB) insertSignup(ctx context.Context, t *txn, l Login, nu newUser, ifFree bool) (u User, ok bool, err error) {
	now, at := stamp(db.now())
	u = User{Nickname: nu.nickname, JoinedAt: at, LastLoginAt: &at}
	var email any
	if nu.email != "" {
		e := nu.email
		email, u.Email, u.EmailVerified = e, &e, nu.verified
	}
	query := sqlInsertUser
	if ifFree {
		query = sqlInsertUserIfFree
	}
	res, err := t.exec(ctx, query, email, emailKey(nu.email), u.EmailVerified, u.Nickname, now, now)
	if err != nil {
		return User{}, false, err
	}
	if ifFree {
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return User{}, false, err
		}
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return User{}, false, err
	}
	var profile any
	if len(l.Profile) > 0 {
		profile = string(l.Profile)
	}
	if _, err := t.exec(ctx, sqlInsertSocial, l.Provider, l.UID, u.ID, profile, now, now); err != nil {
		return User{}, false, err
	}
	u.Socials = []SocialAccount{{Provider: l.Provider, UID: l.UID, Profile: l.Profile, JoinedAt: at, LastLoginAt: &at}}
	return u, true, nil
}
