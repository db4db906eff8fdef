package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"sync"
)

// User is one Kakao account known to the emulator. It keeps the JSON it was
// parsed from, in the shape of Kakao's /v2/user/me response, as the user's
// full data: /v2/user/me re-emits it filtered by granted consent, in the
// given key order, with numbers untouched. The zero User is not valid; build
// users with ParseUsers or DefaultUsers.
//
// The optional emulator-only key "_emulator" holds test switches and is
// never emitted:
//
//	"_emulator": {"cancel": true}                 // presses Cancel on the consent page
//	"_emulator": {"decline": ["account_email"]}   // declines these optional items
type User struct {
	raw      []byte
	members  []member // top level, source order, "_emulator" removed
	id       int64
	email    string
	nickname string
	cancel   bool
	decline  []string
	oidc     oidcData
}

// userSwitches is the "_emulator" object.
type userSwitches struct {
	Cancel  bool     `json:"cancel"`
	Decline []string `json:"decline"`
}

// ID returns the user's app-scoped id (the "id" member), 0 for the zero User.
func (u User) ID() int64 { return u.id }

// Email returns kakao_account.email as given, or "".
func (u User) Email() string { return u.email }

// Nickname returns kakao_account.profile.nickname, else properties.nickname, or "".
func (u User) Nickname() string { return u.nickname }

// Cancels reports whether the user presses Cancel on the consent page.
func (u User) Cancels() bool { return u.cancel }

// Declines returns the optional consent items the user declines.
func (u User) Declines() []string { return append([]string(nil), u.decline...) }

// MarshalJSON returns the user's JSON exactly as given (compacted), including
// any "_emulator" key. The zero User encodes as null.
func (u User) MarshalJSON() ([]byte, error) {
	if u.raw == nil {
		return []byte("null"), nil
	}
	return bytes.Clone(u.raw), nil
}

// UnmarshalJSON parses one user object; see ParseUsers for the rules.
func (u *User) UnmarshalJSON(data []byte) error {
	v, err := parseUser(data)
	if err != nil {
		return err
	}
	*u = v
	return nil
}

var idPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[1-9][0-9]*$`) })

// parseUser checks one user object and extracts what the emulator needs.
func parseUser(data []byte) (User, error) {
	ms, err := parseObject(data)
	if err != nil {
		return User{}, err
	}
	u := User{raw: compact(data), id: -1}
	for _, m := range ms {
		switch m.key {
		case "id":
			if !idPattern().Match(m.value) {
				return User{}, fmt.Errorf("invalid id %s: must be a positive integer", m.value)
			}
			if u.id, err = strconv.ParseInt(string(m.value), 10, 64); err != nil {
				return User{}, fmt.Errorf("invalid id %s: does not fit in int64", m.value)
			}
		case "_emulator":
			if err := u.parseSwitches(m.value); err != nil {
				return User{}, fmt.Errorf("_emulator: %w", err)
			}
			continue
		case "kakao_account", "properties":
			if err := u.parseSection(m.key, m.value); err != nil {
				return User{}, err
			}
		}
		u.members = append(u.members, m)
	}
	if u.id < 0 {
		return User{}, errors.New(`missing "id"`)
	}
	return u, nil
}

// parseSwitches decodes the "_emulator" object strictly, so typos fail.
func (u *User) parseSwitches(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var s userSwitches
	if !isObject(raw) {
		return errNotObject
	}
	if err := dec.Decode(&s); err != nil {
		return err
	}
	for _, id := range s.Decline {
		if !validScopeID(id) {
			return fmt.Errorf("decline: invalid consent item %q", id)
		}
	}
	u.cancel, u.decline = s.Cancel, s.Decline
	return nil
}

// parseSection checks that kakao_account, its profile and properties are
// objects, and picks up the email, the nickname and the other values OIDC
// claims are made of. Values of an unexpected JSON type are ignored.
func (u *User) parseSection(name string, raw []byte) error {
	ms, err := parseObject(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	d := &u.oidc
	for _, m := range ms {
		switch {
		case name == "kakao_account" && m.key == "profile":
			pms, err := parseObject(m.value)
			if err != nil {
				return fmt.Errorf("kakao_account.profile: %w", err)
			}
			for _, p := range pms {
				switch p.key {
				case "nickname":
					_ = json.Unmarshal(p.value, &u.nickname)
				case "thumbnail_image_url":
					_ = json.Unmarshal(p.value, &d.picture)
				}
			}
		case name == "kakao_account":
			if dst := d.field(m.key, &u.email); dst != nil {
				_ = json.Unmarshal(m.value, dst)
			}
		case name == "properties" && m.key == "nickname" && u.nickname == "":
			_ = json.Unmarshal(m.value, &u.nickname)
		case name == "properties" && m.key == "thumbnail_image" && d.picture == "":
			_ = json.Unmarshal(m.value, &d.picture)
		}
	}
	return nil
}

// ParseUsers parses a JSON array of user objects shaped like Kakao's
// /v2/user/me response (paste a real response to emulate that account).
// Each needs "id", a positive integer that fits in int64; kakao_account,
// kakao_account.profile and properties, when present, must be objects; an
// optional "_emulator" object may hold "cancel" (bool) and "decline"
// (array of consent item IDs). Errors name the index of the bad element:
// not an array, an empty array, an element that is not an object, a
// missing or invalid id, a duplicate id, duplicate keys, or trailing data.
func ParseUsers(data []byte) ([]User, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("parse users: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, errors.New("parse users: not a JSON array of user objects")
	}
	var users []User
	first := make(map[int64]int)
	for i := 0; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("parse users: user[%d]: %w", i, err)
		}
		u, err := parseUser(raw)
		if err != nil {
			return nil, fmt.Errorf("parse users: user[%d]: %w", i, err)
		}
		if j, dup := first[u.id]; dup {
			return nil, fmt.Errorf("parse users: user[%d]: duplicate id %d (also user[%d])", i, u.id, j)
		}
		first[u.id] = i
		users = append(users, u)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("parse users: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("parse users: trailing data after the array")
	}
	if len(users) == 0 {
		return nil, errors.New("parse users: no users")
	}
	return users, nil
}
