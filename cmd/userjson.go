package cmd

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/kakaologin/kakaologin/localdb"
)

// appendUser appends u as compact JSON, byte for byte what encoding/json
// (without HTML escaping) makes of it, without reflection and without
// re-validating the stored profile, which localdb only stores when valid.
// userjson_test.go holds it to encoding/json.
func appendUser(b []byte, u localdb.User) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, u.ID, 10)
	b = append(b, `,"email":`...)
	if u.Email == nil {
		b = append(b, "null"...)
	} else {
		b = appendString(b, *u.Email)
	}
	b = append(b, `,"email_verified":`...)
	b = strconv.AppendBool(b, u.EmailVerified)
	b = append(b, `,"nickname":`...)
	b = appendString(b, u.Nickname)
	b = append(b, `,"joined_at":`...)
	b = appendTime(b, &u.JoinedAt)
	b = append(b, `,"last_login_at":`...)
	b = appendTime(b, u.LastLoginAt)
	b = append(b, `,"social_accounts":[`...)
	for i, s := range u.Socials {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"provider":`...)
		b = appendString(b, s.Provider)
		b = append(b, `,"uid":`...)
		b = appendString(b, s.UID)
		if len(s.Profile) > 0 {
			b = append(b, `,"profile":`...)
			b = appendCompact(b, s.Profile)
		}
		b = append(b, `,"joined_at":`...)
		b = appendTime(b, &s.JoinedAt)
		b = append(b, `,"last_login_at":`...)
		b = appendTime(b, s.LastLoginAt)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// appendCompact appends raw JSON, compacting it only when it holds
// whitespace outside strings (a pretty-printed profile).
func appendCompact(b []byte, raw []byte) []byte {
	if !spaceOutsideStrings(raw) {
		return append(b, raw...)
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return append(b, raw...)
	}
	return append(b, buf.Bytes()...)
}

// spaceOutsideStrings reports whether the valid JSON raw has whitespace
// between its tokens. It jumps from quote to quote with IndexByte (SIMD),
// so the bytes of strings, most of a profile, cost next to nothing.
func spaceOutsideStrings(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case ' ', '\n', '\r', '\t':
			return true
		case '"':
			for { // to the closing quote: one not escaped by an odd run of backslashes
				j := bytes.IndexByte(raw[i+1:], '"')
				if j < 0 {
					return false
				}
				i += 1 + j
				k := i - 1
				for k >= 0 && raw[k] == '\\' {
					k--
				}
				if (i-1-k)%2 == 0 {
					break
				}
			}
		}
	}
	return false
}

func appendTime(b []byte, t *time.Time) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendString quotes s as encoding/json does with HTML escaping off:
// control characters, quote and backslash escaped, invalid UTF-8 replaced
// by U+FFFD, U+2028 and U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
