package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// writeJSON prints one JSON document indented by two spaces, keeping every
// number and key exactly as given, colourised when color is set.
func writeJSON(w io.Writer, doc []byte, color bool) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, doc, "", "  "); err != nil {
		return fmt.Errorf("format JSON: %w", err)
	}
	buf.WriteByte('\n')
	out := buf.Bytes()
	if color {
		out = colorize(out)
	}
	_, err := w.Write(out)
	return err
}

// writeValue marshals v and prints it like writeJSON. HTML characters stay
// as they are (no \u003e): the output is for people and jq, not HTML.
func writeValue(w io.Writer, v any, color bool) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	return writeJSON(w, bytes.TrimSpace(buf.Bytes()), color)
}

const (
	ansiKey    = "\x1b[1;34m"
	ansiString = "\x1b[32m"
	ansiNumber = "\x1b[36m"
	ansiWord   = "\x1b[35m"
	ansiReset  = "\x1b[0m"
)

// colorize adds ANSI colours to indented, valid JSON: keys, strings,
// numbers and literals each get their own colour.
func colorize(in []byte) []byte {
	var out bytes.Buffer
	for i := 0; i < len(in); {
		c := in[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(in) && in[j] != '"' {
				if in[j] == '\\' {
					j++
				}
				j++
			}
			j++ // closing quote
			k := j
			for k < len(in) && in[k] == ' ' {
				k++
			}
			color := ansiString
			if k < len(in) && in[k] == ':' {
				color = ansiKey
			}
			out.WriteString(color)
			out.Write(in[i:j])
			out.WriteString(ansiReset)
			i = j
		case c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n':
			j := i
			for j < len(in) && !bytes.ContainsRune([]byte(",]}\n "), rune(in[j])) {
				j++
			}
			color := ansiNumber
			if c == 't' || c == 'f' || c == 'n' {
				color = ansiWord
			}
			out.WriteString(color)
			out.Write(in[i:j])
			out.WriteString(ansiReset)
			i = j
		default:
			out.WriteByte(c)
			i++
		}
	}
	return out.Bytes()
}
