package cmd

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the command's standard streams, injected so commands run
// in tests without a terminal.
type IOStreams struct {
	In      io.Reader
	Out     io.Writer // the data contract: one JSON document or a table
	ErrOut  io.Writer // progress, prompts, warnings, errors
	OutTTY  bool      // Out is a terminal
	ErrTTY  bool      // ErrOut is a terminal
	NoColor bool      // NO_COLOR is set, or TERM is dumb
}

// newIOStreams wires real streams and detects terminals.
func newIOStreams(in io.Reader, out, errOut io.Writer, getenv func(string) string) *IOStreams {
	return &IOStreams{
		In: in, Out: out, ErrOut: errOut,
		OutTTY:  isTerminal(out),
		ErrTTY:  isTerminal(errOut),
		NoColor: getenv("NO_COLOR") != "" || getenv("TERM") == "dumb",
	}
}

// ColorOut reports whether JSON on Out should be colourised.
func (s *IOStreams) ColorOut() bool { return s.OutTTY && !s.NoColor }

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
