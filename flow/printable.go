package flow

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// printable escapes what a terminal would act on instead of showing: C0
// controls (ESC, BEL, CR, LF, tab...), DEL, C1 controls, bidirectional
// overrides and isolates, and bytes that are not UTF-8. Each becomes a
// visible Go-style escape (\x1b, \u202e), so a server-supplied message can
// neither rewrite the terminal nor hide text. Other text is unchanged.
func printable(s string) string {
	return escapeControls(s, false)
}

// Printable is what flow does to server-supplied text in its errors (see
// printable), for callers that print other such text on a terminal.
func Printable(s string) string { return printable(s) }

// printableBody is printable for a multi-line body in the trace: line feeds
// and tabs stay, everything else printable escapes is escaped.
func printableBody(s string) string {
	return escapeControls(s, true)
}

func escapeControls(s string, keepLines bool) string {
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size) && !(keepLines && (r == '\n' || r == '\t')) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r, size) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r, size):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports whether a terminal might act on r rather than show it.
func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1: // a byte that is not UTF-8
		return true
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c: // bidi marks
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}
