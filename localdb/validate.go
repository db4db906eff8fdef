package localdb

import (
	"encoding/json"
	"unicode/utf8"
)

// MaxProfileSize is the largest profile, in bytes, a Login may carry: 64
// KiB, some forty times a full Kakao /v2/user/me response.
const MaxProfileSize = 64 << 10

// Validate reports whether l can be recorded: Provider and UID set; every
// string, and the profile, valid UTF-8 (the store re-emits them as JSON,
// which must be UTF-8); the profile, when set, valid JSON of at most
// MaxProfileSize bytes. Errors are ErrInvalid and name the field.
// RecordLogin and ImportLogins call it; callers may call it earlier, to
// refuse bad input before opening the store.
func (l Login) Validate() error {
	switch {
	case l.Provider == "":
		return invalidf("provider is empty")
	case l.UID == "":
		return invalidf("uid is empty (provider %s)", l.Provider)
	}
	if err := validUTF8("provider", l.Provider, "uid", l.UID, "email", l.Email, "nickname", l.Nickname); err != nil {
		return err
	}
	switch {
	case len(l.Profile) == 0:
		return nil
	case len(l.Profile) > MaxProfileSize:
		return invalidf("profile of %s %s is %d bytes, over the limit of %d bytes (64 KiB)",
			l.Provider, l.UID, len(l.Profile), MaxProfileSize)
	case !utf8.Valid(l.Profile):
		return invalidf("profile of %s %s is not valid UTF-8 (first bad byte at offset %d); convert it to UTF-8",
			l.Provider, l.UID, badUTF8(string(l.Profile)))
	case !json.Valid(l.Profile):
		return invalidf("profile of %s %s is not valid JSON", l.Provider, l.UID)
	}
	return nil
}

// Validate reports whether nu can be added: Provider and UID both set or
// both empty, a Nickname unless they are set, and every string valid
// UTF-8. Errors are ErrInvalid and name the field. AddUser calls it.
func (nu NewUser) Validate() error {
	switch {
	case (nu.Provider == "") != (nu.UID == ""):
		return invalidf("provider and uid go together (got provider %q, uid %q)", nu.Provider, nu.UID)
	case nu.Nickname == "" && nu.Provider == "":
		return invalidf("nickname is required without a social account")
	}
	return validUTF8("email", nu.Email, "nickname", nu.Nickname, "provider", nu.Provider, "uid", nu.UID)
}

// validUTF8 checks name, value pairs.
func validUTF8(pairs ...string) error {
	for i := 0; i < len(pairs); i += 2 {
		if v := pairs[i+1]; !utf8.ValidString(v) {
			return invalidf("%s %.64q is not valid UTF-8 (first bad byte at offset %d); use UTF-8 text", pairs[i], v, badUTF8(v))
		}
	}
	return nil
}

// badUTF8 returns the offset of the first byte of s that is not part of
// valid UTF-8, or -1.
func badUTF8(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return -1
}
