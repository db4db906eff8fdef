package cmd

import (
	"context"
	"io"
	"os"
	"strconv"

	"golang.org/x/term"
)

// IOStreams are the command's standard streams, injected so commands run
// in tests without a terminal.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer // the data contract: one JSON document or a table
	ErrOut io.Writer // progress, prompts, warnings, errors
	OutTTY bool      // Out is a terminal
	ErrTTY bool      // ErrOut is a terminal

	// Colour: NoColor wins over ForceColor, which wins over the terminal.
	NoColor    bool // NO_COLOR is set; or, without CLICOLOR_FORCE, TERM is dumb or CLICOLOR is 0
	ForceColor bool // CLICOLOR_FORCE is set and not 0: colour even off a terminal

	// Pager is the command tables go through on a terminal (see
	// pagerCommand); "" pages nothing.
	Pager string
	// Columns is COLUMNS when it is a positive number: the width tables fit,
	// before the terminal's own.
	Columns int
	// TermWidth reports the terminal's width when Out is one; nil or false
	// otherwise. Asked only when a table is printed.
	TermWidth func() (int, bool)

	// Set by the root's flags before the command prints (see useJQ).
	jqExpr  string          // --jq
	noPager bool            // --no-pager
	ctx     context.Context // the running command's, for --jq
}

// newIOStreams wires real streams and reads the environment that shapes
// the output: colour, pager and width.
func newIOStreams(in io.Reader, out, errOut io.Writer, getenv func(string) string) *IOStreams {
	s := &IOStreams{
		In: in, Out: out, ErrOut: errOut,
		OutTTY: isTerminal(out),
		ErrTTY: isTerminal(errOut),
		Pager:  pagerCommand(os.LookupEnv),
	}
	s.NoColor, s.ForceColor = colorEnv(getenv)
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n > 0 {
		s.Columns = n
	}
	if f, ok := out.(*os.File); ok && s.OutTTY {
		s.TermWidth = func() (int, bool) {
			w, _, err := term.GetSize(int(f.Fd()))
			return w, err == nil && w > 0
		}
	}
	return s
}

// colorEnv reads NO_COLOR (https://no-color.org) and CLICOLOR_FORCE
// (https://bixense.com/clicolors): NO_COLOR, when set and not empty, turns
// colour off whatever else is set; CLICOLOR_FORCE, set and not 0, turns it
// on even when stdout is not a terminal or TERM is dumb; otherwise TERM=dumb
// or CLICOLOR=0 turn it off.
func colorEnv(getenv func(string) string) (noColor, forceColor bool) {
	if getenv("NO_COLOR") != "" {
		return true, false
	}
	if f := getenv("CLICOLOR_FORCE"); f != "" && f != "0" {
		return false, true
	}
	return getenv("TERM") == "dumb" || getenv("CLICOLOR") == "0", false
}

// colorEnabled reports whether what is printed on Out gets colour.
func (s *IOStreams) colorEnabled() bool {
	return !s.NoColor && (s.ForceColor || s.OutTTY)
}

// ColorOut reports whether JSON on Out should be colourised: never under
// --jq, which reads that JSON and colours its own results.
func (s *IOStreams) ColorOut() bool {
	if _, jq := s.Out.(*jqOut); jq {
		return false
	}
	return s.colorEnabled()
}

// width is the width tables fit: COLUMNS, the terminal's, or 80.
func (s *IOStreams) width() int {
	if s.Columns > 0 {
		return s.Columns
	}
	if s.TermWidth != nil {
		if w, ok := s.TermWidth(); ok {
			return w
		}
	}
	return 80
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
