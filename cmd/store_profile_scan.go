package cmd

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/kakaologin/kakaologin/localdb"
)

// loginFromProfileFast is loginFromProfile in one pass over the profile,
// without reflection or maps: users import calls it 100,000 times, where
// encoding/json's map decoding, re-run per nested object, was most of the
// import's time. It handles the usual profile; anything else (a member of
// an unexpected type, escapes in a key, invalid UTF-8 or JSON) goes to
// loginFromProfile, so results and errors are always the same
// (FuzzLoginFromProfileFast holds it to that).
func loginFromProfileFast(profile json.RawMessage, requireEmail bool) (localdb.Login, error) {
	f, ok := scanProfile(profile)
	if !ok {
		return loginFromProfile(profile, requireEmail)
	}
	uid, err := kakaoUID(f.id)
	if err != nil {
		return localdb.Login{}, err
	}
	l := localdb.Login{Provider: "kakao", UID: uid, Profile: profile, RequireEmail: requireEmail,
		Email: f.email, EmailVerified: f.verified, Nickname: f.acctNick}
	if l.Nickname == "" {
		l.Nickname = f.propsNick
	}
	// The scan proved the profile valid UTF-8 and JSON, and the strings
	// come from it: of Validate's checks only the size can fail, and
	// Validate's other passes over the profile would be ImportLogins'
	// second ones.
	if len(profile) > localdb.MaxProfileSize {
		return localdb.Login{}, l.Validate()
	}
	return l, nil
}

// profileFields are the members loginFromProfile reads.
type profileFields struct {
	id                         json.RawMessage
	email, acctNick, propsNick string
	verified                   bool
}

// scanProfile validates profile as one JSON object (RFC 8259, valid UTF-8)
// and picks its members as loginFromProfile does, a repeated key's last
// value winning as in a map. ok is false when it cannot tell: then
// loginFromProfile decides.
func scanProfile(b []byte) (f profileFields, ok bool) {
	if !utf8.Valid(b) {
		return f, false
	}
	s := &jsonScan{b: b}
	s.space()
	if s.peek() != '{' {
		return f, false
	}
	ok = s.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			start := s.i
			if !s.value() {
				return false
			}
			f.id = b[start:s.i]
			return true
		case "kakao_account":
			f.email, f.verified, f.acctNick = "", false, ""
			if s.null() {
				return true
			}
			return s.peek() == '{' && s.object(func(key []byte) bool {
				switch string(key) {
				case "email":
					return s.optString(&f.email)
				case "is_email_verified":
					f.verified = false
					return s.optBool(&f.verified)
				case "profile":
					f.acctNick = ""
					return s.optNickname(&f.acctNick)
				}
				return s.value()
			})
		case "properties":
			f.propsNick = ""
			return s.optNickname(&f.propsNick)
		}
		return s.value()
	})
	if !ok {
		return f, false
	}
	s.space()
	return f, s.i == len(b)
}

// jsonScan is a strict JSON scanner over valid UTF-8.
type jsonScan struct {
	b []byte
	i int
}

func (s *jsonScan) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *jsonScan) space() {
	for s.i < len(s.b) && isJSONSpace(s.b[s.i]) {
		s.i++
	}
}

// object reads an object, calling member with each key (without escapes:
// a key with one fails the scan) with the scanner at the member's value,
// which member must consume.
func (s *jsonScan) object(member func(key []byte) bool) bool {
	s.i++ // {
	s.space()
	if s.peek() == '}' {
		s.i++
		return true
	}
	for {
		s.space()
		start := s.i + 1
		esc, ok := s.str()
		if !ok || esc {
			return false
		}
		key := s.b[start : s.i-1]
		s.space()
		if s.peek() != ':' {
			return false
		}
		s.i++
		s.space()
		if !member(key) {
			return false
		}
		s.space()
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// value skips one value of any kind.
func (s *jsonScan) value() bool {
	switch c := s.peek(); {
	case c == '{':
		return s.object(func([]byte) bool { return s.value() })
	case c == '[':
		s.i++
		s.space()
		if s.peek() == ']' {
			s.i++
			return true
		}
		for {
			s.space()
			if !s.value() {
				return false
			}
			s.space()
			switch s.peek() {
			case ',':
				s.i++
			case ']':
				s.i++
				return true
			default:
				return false
			}
		}
	case c == '"':
		_, ok := s.str()
		return ok
	case c == 't':
		return s.word("true")
	case c == 'f':
		return s.word("false")
	case c == 'n':
		return s.word("null")
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	}
	return false
}

// str reads a string; esc reports a backslash in it.
func (s *jsonScan) str() (esc, ok bool) {
	if s.peek() != '"' {
		return false, false
	}
	for s.i++; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return esc, true
		case c < 0x20:
			return esc, false
		case c == '\\':
			esc = true
			s.i++
			if s.i >= len(s.b) {
				return esc, false
			}
			switch s.b[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if s.i+4 >= len(s.b) {
					return esc, false
				}
				for _, h := range s.b[s.i+1 : s.i+5] {
					if !isHex(h) {
						return esc, false
					}
				}
				s.i += 4
			default:
				return esc, false
			}
		}
	}
	return esc, false
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func (s *jsonScan) word(w string) bool {
	if len(s.b)-s.i < len(w) || string(s.b[s.i:s.i+len(w)]) != w {
		return false
	}
	s.i += len(w)
	return true
}

func (s *jsonScan) null() bool { return s.peek() == 'n' && s.word("null") }

// number reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
func (s *jsonScan) number() bool {
	if s.peek() == '-' {
		s.i++
	}
	switch c := s.peek(); {
	case c == '0':
		s.i++
	case c >= '1' && c <= '9':
		s.digits()
	default:
		return false
	}
	if s.peek() == '.' {
		s.i++
		if !s.digits() {
			return false
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.i++
		if c := s.peek(); c == '+' || c == '-' {
			s.i++
		}
		if !s.digits() {
			return false
		}
	}
	return true
}

func (s *jsonScan) digits() bool {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

// optString reads a string or null (left as ""); another kind fails.
// Escaped strings are decoded by encoding/json, for its exact handling of
// surrogates.
func (s *jsonScan) optString(dst *string) bool {
	*dst = ""
	if s.null() {
		return true
	}
	start := s.i
	esc, ok := s.str()
	if !ok {
		return false
	}
	if !esc {
		*dst = string(s.b[start+1 : s.i-1])
		return true
	}
	return json.Unmarshal(s.b[start:s.i], dst) == nil
}

// optBool reads true, false or null (left as false).
func (s *jsonScan) optBool(dst *bool) bool {
	switch s.peek() {
	case 't':
		*dst = true
		return s.word("true")
	case 'f':
		return s.word("false")
	}
	return s.null()
}

// optNickname reads null, or an object whose "nickname" is read with
// optString.
func (s *jsonScan) optNickname(dst *string) bool {
	if s.null() {
		return true
	}
	return s.peek() == '{' && s.object(func(key []byte) bool {
		if string(key) == "nickname" {
			return s.optString(dst)
		}
		return s.value()
	})
}
