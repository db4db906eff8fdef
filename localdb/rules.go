package localdb

import (
	"slices"
	"strings"
)

// Rules names the backend whose decisions RecordLogin imitates. Every
// preset signs in a login whose social account (provider, uid) exists, and
// leaves that user's email and nickname as they are (allauth only replaces
// the account's extra_data); they differ on a new social account:
//
//   - RulesSeed, the default: the seed project's stack, django-allauth 0.51
//     (Debian bookworm) with dj-rest-auth 4.0.1's SocialLoginView and a
//     custom user model whose email (NOT NULL, "" for none) and nickname
//     are unique columns, the nickname set straight from Kakao's by the
//     adapter (examples/django-allauth). Settings assumed:
//     ACCOUNT_UNIQUE_EMAIL = True, SOCIALACCOUNT_AUTO_SIGNUP = True,
//     ACCOUNT_EMAIL_REQUIRED = False, on SQLite. See seedSignup.
//   - RulesAllauth: stock django-allauth 65.x (modelled on 65.16.1) with
//     Django's default auth.User, browser flow: username generated from the
//     nickname, email optional, not unique and lower-cased, auto-signup
//     refused when the email is taken. Settings assumed: the defaults
//     (ACCOUNT_UNIQUE_EMAIL = True, SOCIALACCOUNT_AUTO_SIGNUP = True, email
//     optional in ACCOUNT_SIGNUP_FIELDS, SOCIALACCOUNT_EMAIL_AUTHENTICATION
//     = False, ACCOUNT_PREVENT_ENUMERATION = True, ACCOUNT_EMAIL_VERIFICATION
//     = "optional"). See allauthSignup.
//   - RulesLenient: kakaologin's rules before presets existed, a backend
//     without the seed's bugs: emails clash ignoring case, many users may
//     have no email, a taken nickname gets a suffix. See lenientSignup.
type Rules string

// The presets.
const (
	RulesSeed    Rules = "seed"
	RulesAllauth Rules = "allauth"
	RulesLenient Rules = "lenient"
)

// DefaultRules are the rules of a Login whose Rules is "".
const DefaultRules = RulesSeed

// AllRules lists the presets, the default first.
var AllRules = []Rules{RulesSeed, RulesAllauth, RulesLenient}

// ParseRules returns the preset named s ("" is DefaultRules). Errors:
// ErrInvalid for an unknown name.
func ParseRules(s string) (Rules, error) {
	if s == "" {
		return DefaultRules, nil
	}
	r := Rules(s)
	if !slices.Contains(AllRules, r) {
		names := make([]string, len(AllRules))
		for i, r := range AllRules {
			names[i] = string(r)
		}
		return "", invalidf("unknown rules %q: want one of %s", s, strings.Join(names, ", "))
	}
	return r, nil
}

// orDefault is r, or DefaultRules for "".
func (r Rules) orDefault() Rules {
	if r == "" {
		return DefaultRules
	}
	return r
}
