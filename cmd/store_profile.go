package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/kakaologin/kakaologin/localdb"
)

// jsonObject is a JSON object by exact key. Kakao's keys are fixed and
// lower-case; encoding/json's struct decoding matches keys ignoring case,
// so {"id":9,"ID":10} would have recorded uid 10, and an "EMAIL" key
// another user's email.
type jsonObject map[string]json.RawMessage

// loginFromProfile maps a Kakao /v2/user/me profile to what a backend
// stores, as django-allauth's Kakao provider does: uid = str(id), email and
// its verified flag from kakao_account, nickname from kakao_account.profile,
// else properties. Keys match exactly; a null or missing member is absent;
// a member of the wrong type is an error.
func loginFromProfile(profile json.RawMessage, requireEmail bool) (localdb.Login, error) {
	root, err := objectOf(profile, "profile")
	if err != nil || root == nil {
		if err == nil {
			err = errors.New("profile is null")
		}
		return localdb.Login{}, fmt.Errorf("profile is not a Kakao /v2/user/me object: %v", err)
	}
	uid, err := kakaoUID(root["id"])
	if err != nil {
		return localdb.Login{}, err
	}
	l := localdb.Login{Provider: "kakao", UID: uid, Profile: profile, RequireEmail: requireEmail}
	var (
		acct, acctProfile, props jsonObject
		propsNick                string
		errs                     []error
	)
	// One statement each: a member's object must be decoded before the
	// next line reads it.
	errs = append(errs, member(root, "kakao_account", &acct))
	errs = append(errs, member(acct, "kakao_account.email", &l.Email))
	errs = append(errs, member(acct, "kakao_account.is_email_verified", &l.EmailVerified))
	errs = append(errs, member(acct, "kakao_account.profile", &acctProfile))
	errs = append(errs, member(acctProfile, "kakao_account.profile.nickname", &l.Nickname))
	errs = append(errs, member(root, "properties", &props))
	errs = append(errs, member(props, "properties.nickname", &propsNick))
	for _, err := range errs {
		if err != nil {
			return localdb.Login{}, fmt.Errorf("profile is not a Kakao /v2/user/me object: %v", err)
		}
	}
	if l.Nickname == "" {
		l.Nickname = propsNick
	}
	// Invalid UTF-8 and oversize profiles are refused here, before the
	// store is opened, with the store's own rules.
	if err := l.Validate(); err != nil {
		return localdb.Login{}, err
	}
	return l, nil
}

// objectOf decodes raw as a JSON object; null is a nil object.
func objectOf(raw json.RawMessage, name string) (jsonObject, error) {
	var o jsonObject
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, fmt.Errorf("%s: %v", name, jsonTypeError(err))
	}
	return o, nil
}

// member decodes the member named by the last element of path (a dotted
// path, for messages) of o into dst, a *string, *bool or *jsonObject. A
// nil o, a missing member and null leave dst as it is.
func member(o jsonObject, path string, dst any) error {
	key := path
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			key = path[i+1:]
			break
		}
	}
	raw, ok := o[key]
	if !ok || string(raw) == "null" {
		return nil
	}
	if obj, isObj := dst.(*jsonObject); isObj {
		var err error
		*obj, err = objectOf(raw, path)
		return err
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("%s: %v", path, jsonTypeError(err))
	}
	return nil
}

// jsonTypeError shortens encoding/json's type errors, which name Go types.
func jsonTypeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("is a JSON %s, want %s", te.Value, jsonKind(te.Type.Kind().String()))
	}
	return err
}

func jsonKind(goKind string) string {
	switch goKind {
	case "map":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a " + goKind
}

// kakaoUID returns allauth's str(id) for the raw "id" member: the
// canonical decimal of a non-negative integer up to 2^63-1 (no sign,
// leading zero, fraction or exponent), kept as text so ids above 2^53 stay
// exact.
func kakaoUID(raw json.RawMessage) (string, error) {
	s := string(raw)
	switch {
	case len(raw) == 0 || s == "null":
		return "", errors.New(`profile has no "id": is it a /v2/user/me response?`)
	case raw[0] == '"':
		return "", fmt.Errorf(`profile "id" is a JSON string (%s): Kakao sends a JSON integer; is it a /v2/user/me response?`, s)
	}
	canonical := s[0] >= '1' && s[0] <= '9' || s == "0"
	for i := 0; canonical && i < len(s); i++ {
		canonical = s[i] >= '0' && s[i] <= '9'
	}
	if !canonical {
		return "", fmt.Errorf(`profile "id" is %.40s: want a non-negative integer without sign, leading zeros, fraction or exponent, as Kakao sends it (e.g. 3958471203)`, s)
	}
	if _, err := strconv.ParseInt(s, 10, 64); err != nil {
		return "", fmt.Errorf(`profile "id" %.40s is out of range: Kakao user ids fit in a signed 64-bit integer`, s)
	}
	return s, nil
}
