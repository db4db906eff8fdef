package cmd

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// sanitize makes s safe to print on a terminal: every control character a
// server, a file or a user could slip in to move the cursor, retitle the
// window, ring the bell or reorder the text on screen is replaced by a
// visible escape. C0 controls (tab and newline included), DEL and bytes
// that are not UTF-8 become \xHH; C1 controls, the line and paragraph
// separators and the Unicode bidi controls become \uHHHH. Everything else,
// printable non-ASCII text included, is kept as it is.
func sanitize(s string) string {
	var b strings.Builder
	escaped := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		bad := r == utf8.RuneError && n == 1 // 0x9b alone is CSI on an 8-bit terminal
		if !bad && !unsafeRune(r) {
			if escaped {
				b.WriteString(s[i : i+n])
			}
			i += n
			continue
		}
		if !escaped {
			escaped = true
			b.Grow(len(s) + 8)
			b.WriteString(s[:i])
		}
		switch {
		case bad:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += n
	}
	if !escaped {
		return s // nothing to escape: no copy
	}
	return b.String()
}

// unsafeRune reports whether r is a control character sanitize escapes.
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
