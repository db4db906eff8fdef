package flow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// isSecretParam reports whether key is a query, form or JSON key whose
// value is secret.
// IsSecretParam reports whether the query, form or JSON key key holds a
// secret that traces and logs cut (see Redact).
func IsSecretParam(key string) bool { return isSecretParam(key) }

func isSecretParam(key string) bool {
	switch key {
	case "client_secret", "code", "code_verifier",
		"access_token", "refresh_token", "id_token",
		// A backend's own credentials in its answer to login --backend:
		// simplejwt's pair and dj-rest-auth's token key.
		"access", "refresh", "key":
		return true
	}
	return false
}

// Redact shortens a secret to its first 6 characters and "…", so two
// values can still be told apart; a value of 8 bytes or fewer becomes
// "***" (its prefix would give too much away), "" stays "".
func Redact(s string) string {
	if s == "" {
		return ""
	}
	if len(s) <= 8 {
		return "***"
	}
	cut := 6
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// redactValue is the value of key with its secret cut: the whole value for
// a secret key, the authorization code inside an error_description (KOE320
// says "authorization code not found for code=<the code>"), else v.
func redactValue(key, v string, cut func(string) string) string {
	switch {
	case isSecretParam(key):
		return cut(v)
	case key == "error_description":
		return cutCodes(v, cut)
	}
	return v
}

// cutCodes cuts every value that follows "code=" in a description, up to
// the next space or punctuation that cannot be part of a code.
func cutCodes(desc string, cut func(string) string) string {
	const marker = "code="
	var b strings.Builder
	rest := desc
	for {
		i := strings.Index(rest, marker)
		if i < 0 {
			break
		}
		b.WriteString(rest[:i+len(marker)])
		word := i > 0 && isWordByte(rest[i-1]) // error_code=KOE320 is no code
		rest = rest[i+len(marker):]
		if word {
			continue
		}
		end := strings.IndexAny(rest, " \t\r\n,;&\"'()<>[]{}")
		if end < 0 {
			end = len(rest)
		}
		b.WriteString(cut(rest[:end]))
		rest = rest[end:]
	}
	if b.Len() == 0 {
		return desc
	}
	b.WriteString(rest)
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// redactJSON decodes body as one JSON value and encodes it again, compact
// and in its own key order, with the values of secret keys cut (see
// redactValue). Strings only: {"code":-401} keeps its number. ok is false
// when body is not JSON.
func redactJSON(body []byte, cut func(string) string) (out string, ok bool) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || !json.Valid(body) {
		return "", false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var b strings.Builder
	if err := walkJSON(dec, &b, "", cut); err != nil {
		return "", false
	}
	return b.String(), true
}

// walkJSON copies the next JSON value of dec to b; key is the object key
// the value sits under (array items inherit their array's key).
func walkJSON(dec *json.Decoder, b *strings.Builder, key string, cut func(string) string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		b.WriteRune(rune(t))
		for i := 0; dec.More(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			child := key
			if t == '{' {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				child, _ = k.(string)
				writeJSONString(b, child)
				b.WriteByte(':')
			}
			if err := walkJSON(dec, b, child, cut); err != nil {
				return err
			}
		}
		end, err := dec.Token()
		if err != nil {
			return err
		}
		b.WriteRune(rune(end.(json.Delim)))
	case string:
		writeJSONString(b, redactValue(key, t, cut))
	case json.Number:
		b.WriteString(t.String())
	case bool:
		fmt.Fprint(b, t)
	case nil:
		b.WriteString("null")
	}
	return nil
}

func writeJSONString(b *strings.Builder, s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	b.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// redactForm cuts the secret values of an application/x-www-form-urlencoded
// body, keeping its pairs in order. ok is false when s does not parse as a
// form: empty, with white space, a pair without "=" or a bad escape.
func redactForm(s string, cut func(string) string) (out string, ok bool) {
	if s == "" || strings.ContainsAny(s, " \t\r\n") {
		return "", false
	}
	if _, err := url.ParseQuery(s); err != nil {
		return "", false
	}
	for _, p := range strings.Split(s, "&") {
		if k, _, ok := strings.Cut(p, "="); !ok || k == "" {
			return "", false
		}
	}
	return redactPairs(s, cut), true
}

// redactPairs cuts secret values in a query or form string, keeping order;
// pairs that do not decode stay as they are.
func redactPairs(s string, cut func(string) string) string {
	pairs := strings.Split(s, "&")
	for i, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		key, err := url.QueryUnescape(k)
		if !ok || err != nil {
			continue
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			continue
		}
		if r := redactValue(key, val, cut); r != val {
			pairs[i] = k + "=" + escapeCut(r)
		}
	}
	return strings.Join(pairs, "&")
}

// escapeCut query-escapes a value that Redact cut, leaving its marks
// readable: "SuperS…", not "SuperS%E2%80%A6"; "***", not "%2A%2A%2A".
// The trace is read, not parsed, so the marks need no escaping.
func escapeCut(r string) string {
	if r == "***" {
		return r
	}
	parts := strings.Split(r, "…")
	for i, p := range parts {
		parts[i] = url.QueryEscape(p)
	}
	return strings.Join(parts, "…")
}

// secretMarkers are names that, in a body that is neither JSON nor a form,
// suggest a secret is in there somewhere.
var secretMarkers = []string{"client_secret", "code_verifier", "access_token", "refresh_token", "id_token", "code=", "bearer "}

// mayHoldSecret reports whether text that could not be decoded names a
// secret, so it is not shown whole.
func mayHoldSecret(s string) bool {
	lower := strings.ToLower(s)
	for _, m := range secretMarkers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// redactBody is body with its secrets cut: JSON and form bodies (whatever
// their content type says) field by field; anything else whole, unless
// mayHold says it may hold a secret, when only its size is given.
func redactBody(body []byte, cut func(string) string, mayHold func(string) bool) string {
	if out, ok := redactJSON(body, cut); ok {
		return out
	}
	s := strings.TrimSpace(string(body))
	if out, ok := redactForm(s, cut); ok {
		return out
	}
	if mayHold(s) {
		return fmt.Sprintf("(%d bytes not shown: neither JSON nor a form, and may hold a secret)", len(body))
	}
	return string(body)
}
