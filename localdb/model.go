package localdb

import (
	"encoding/json"
	"time"
)

// Login is one login to record, already mapped from the provider's profile
// by the caller.
type Login struct {
	// Provider names the provider, e.g. "kakao". Required.
	Provider string
	// UID is the provider's user id as a string (allauth's str(id)). Required.
	UID string
	// Email is the provider's email; "" when absent.
	Email string
	// EmailVerified is the provider's verification flag; ignored without Email.
	EmailVerified bool
	// Nickname is the provider's nickname. "" means none: RulesSeed and
	// RulesLenient then use Provider + "_" + UID, RulesAllauth generates a
	// username. What a taken one leads to depends on Rules.
	Nickname string
	// Profile is the provider's whole profile JSON, stored byte for byte.
	// Optional; when set it must be valid JSON, valid UTF-8 and at most
	// MaxProfileSize bytes.
	Profile json.RawMessage
	// RequireEmail makes a signup without email a conflict ("email_required")
	// under any Rules: kakaologin's own check, for a backend that requires
	// email (ACCOUNT_EMAIL_REQUIRED = True).
	RequireEmail bool
	// Rules are the backend rules to decide by; "" is DefaultRules.
	Rules Rules
}

// Result is the outcome of a recorded login.
type Result string

// The three outcomes a backend has for a social login.
const (
	ResultSignup   Result = "signup"   // a new user and social account were created
	ResultSignin   Result = "signin"   // the social account exists; its user logged in
	ResultConflict Result = "conflict" // the backend would refuse the login; nothing written
)

// Conflict reasons, the machine codes in Decision.Reason.
const (
	ReasonEmailExistsNotSocial  = "email_exists_not_social"   // the email's user has no social account
	ReasonNoMatchingSocialType  = "no_matching_social_type"   // the email's user uses other providers only
	ReasonEmailLinkedToOtherUID = "email_linked_to_other_uid" // the email's user has another account of this provider
	ReasonEmailRequired         = "email_required"            // no email, and Login.RequireEmail
	// RulesSeed: the nickname column is unique and filled straight from
	// the provider's nickname, which another user has.
	ReasonNicknameTaken = "nickname_taken"
	// RulesSeed: no email is stored as "" in the unique email column,
	// which another user without email already holds.
	ReasonEmailBlankTaken = "email_blank_taken"
	// RulesAllauth: every username candidate allauth tries is taken.
	ReasonUsernameExhausted = "username_exhausted"
)

// Decision is what a backend would have done with one Login.
type Decision struct {
	Result Result `json:"result"`
	// Rules are the rules the decision was made by.
	Rules Rules `json:"rules"`
	// Reason is the machine code of a conflict (the Reason* constants).
	Reason string `json:"reason,omitempty"`
	// Message is a human sentence for a conflict.
	Message string `json:"message,omitempty"`
	// Response is, for a conflict, what the backend answers; nil for
	// email_required, which is kakaologin's own check. A signup or signin
	// is the backend's success answer (seed: 200 with a token pair;
	// allauth: a 302 redirect).
	Response *Response `json:"response,omitempty"`
	// Warnings note what a stricter backend would refuse, and any nickname
	// that was generated or suffixed.
	Warnings []string `json:"warnings,omitempty"`
	// User is the stored user after a signup or signin, or the existing
	// user a conflict is about. Nil for an email_required conflict.
	User *User `json:"user,omitempty"`
}

// User is a stored user with its social accounts.
type User struct {
	ID            int64           `json:"id"`
	Email         *string         `json:"email"` // nil when the user has none
	EmailVerified bool            `json:"email_verified"`
	Nickname      string          `json:"nickname"`
	JoinedAt      time.Time       `json:"joined_at"`
	LastLoginAt   *time.Time      `json:"last_login_at"`   // nil until the first login
	Socials       []SocialAccount `json:"social_accounts"` // ordered by creation; never nil
}

// SocialAccount is a provider account linked to a user.
type SocialAccount struct {
	Provider string `json:"provider"`
	UID      string `json:"uid"`
	// Profile is as last received; empty if never given. Invalid UTF-8,
	// which older versions stored, reads as U+FFFD.
	Profile     json.RawMessage `json:"profile,omitempty"`
	JoinedAt    time.Time       `json:"joined_at"`
	LastLoginAt *time.Time      `json:"last_login_at"` // nil until the first login
}

// NewUser is a user to add directly, as an admin would (see AddUser).
type NewUser struct {
	// Email is optional; "" means none.
	Email string
	// EmailVerified marks Email as verified; ignored without Email.
	EmailVerified bool
	// Nickname is required unless Provider and UID are set, in which case ""
	// means Provider + "_" + UID.
	Nickname string
	// Provider and UID link a social account; both or neither.
	Provider string
	UID      string
}

// timeLayout is how times are stored: UTC, RFC 3339, whole seconds.
const timeLayout = time.RFC3339

// stamp returns t as stored and the time it round-trips to.
func stamp(t time.Time) (string, time.Time) {
	t = t.UTC().Truncate(time.Second)
	return t.Format(timeLayout), t
}
