package cmd

import "github.com/kakaologin/kakaologin/flow"

// sanitize makes s safe to print on a terminal: every control character a
// server, a file or a user could slip in to move the cursor, retitle the
// window, ring the bell or reorder the text on screen is replaced by a
// visible escape. C0 controls (tab and newline included), DEL and bytes
// that are not UTF-8 become \xHH; C1 controls, the line and paragraph
// separators and the Unicode bidi controls become \uHHHH. Everything else,
// printable non-ASCII text included, is kept as it is. It is flow's escape,
// so an error line and a table cell show the same text the same way.
func sanitize(s string) string { return flow.Printable(s) }
