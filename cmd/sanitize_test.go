package cmd

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, 한국어 and é":               "plain text, 한국어 and é",
		"\x1b]0;pwned\x07\x1b[2J":             `\x1b]0;pwned\x07\x1b[2J`,
		"a\r\nb\tc\x00d\x7f":                  `a\x0d\x0ab\x09c\x00d\x7f`,
		"csi \u009b31m and nel \u0085":        `csi \u009b31m and nel \u0085`,
		"bidi \u202eevil\u202c \u2066x\u2069": `bidi \u202eevil\u202c \u2066x\u2069`,
		"line\u2028sep":                       `line\u2028sep`,
		"raw byte \x9b and \xff":              `raw byte \x9b and \xff`,
		"replacement char \ufffd stays":       "replacement char \ufffd stays",
		"":                                    "",
	} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSanitize: whatever goes in, nothing a terminal would act on comes out,
// the output is UTF-8, and text with nothing to escape is left alone.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "ok", "\x1b[2J", "\u202e", "\xc2\x9b", "\x9b", "a\nb", "\ufffd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := sanitize(in)
		if !utf8.ValidString(out) {
			t.Fatalf("sanitize(%q) = %q: not UTF-8", in, out)
		}
		for _, r := range out {
			if unsafeRune(r) {
				t.Fatalf("sanitize(%q) = %q: keeps %U", in, out, r)
			}
		}
		clean := utf8.ValidString(in) && strings.IndexFunc(in, unsafeRune) < 0
		if clean != (out == in) {
			t.Fatalf("sanitize(%q) = %q: clean input %v, unchanged %v", in, out, clean, out == in)
		}
	})
}

// unsafeRune reports whether r is a control character sanitize must escape:
// the test's own list, written apart from flow's, as an oracle.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}
