package cmd

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kakaologin/kakaologin/flow"
)

// ExplainOptions are the settings of `kakaologin explain`.
type ExplainOptions struct {
	IO     *IOStreams
	Code   string // the code to explain; "" with List
	List   bool
	Format string // "json" or "table"
}

// isAPICodeArg reports whether a is an API error code such as -401, which pflag would take for
// a cluster of short flags.
func isAPICodeArg(a string) bool {
	if len(a) < 2 || a[0] != '-' {
		return false
	}
	for _, c := range a[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// NewCmdExplain builds `kakaologin explain`. runF replaces runExplain in tests.
func NewCmdExplain(f *Factory, runF func(*ExplainOptions) error) *cobra.Command {
	opts := &ExplainOptions{}
	var out outputFlag
	c := &cobra.Command{
		Use:   "explain CODE | --list",
		Short: "Explain a Kakao error code and how to fix it",
		Long: `Explain a Kakao error code: an auth server code (KOE006, KOE320, ...) or an
API server code (-401, -402, ...), with the HTTP status and OAuth error it
comes with, what it means, and the fix, naming the Kakao Developers console
menu when the fix is there. Codes are case-insensitive, and a bare number
means the API code: "401" is -401. --list prints the whole catalogue.

Codes marked emulator-only are sent by "kakaologin mock" where Kakao's own
code is undocumented; Kakao never sends them.

The output is JSON when stdout is not a terminal, a short text on one
(--output chooses).`,
		Example: `  kakaologin explain KOE006
  kakaologin explain -401
  kakaologin explain koe320 --output json | jq -r .fix
  kakaologin explain --list --output table`,
		// pflag would read -401 as the short flags -4 -0 -1: parse here.
		DisableFlagParsing: true,
		RunE: func(c *cobra.Command, args []string) error {
			codes, err := parseExplainArgs(c, args)
			if err != nil {
				return err
			}
			switch {
			case opts.List && len(codes) > 0:
				return usageErrorf(fmt.Errorf("%s: give a code or --list, not both (see %s --help)", errPrefix(c), c.CommandPath()))
			case !opts.List && len(codes) != 1:
				return usageErrorf(fmt.Errorf("%s: give one error code such as KOE006 or -401, or --list (see %s --help)", errPrefix(c), c.CommandPath()))
			case !opts.List:
				opts.Code = codes[0]
			}
			if opts.Format, err = out.format(f.IO); err != nil {
				return err
			}
			opts.IO = f.IO
			if runF != nil {
				return runF(opts)
			}
			return runExplain(opts)
		},
	}
	c.Flags().BoolVar(&opts.List, "list", false, "print every known code")
	out.register(c)
	return c
}

// parseExplainArgs parses flags by hand (see DisableFlagParsing): API codes
// such as -401 are positional arguments, everything else goes to pflag.
// --help gives cobra's help through pflag.ErrHelp.
func parseExplainArgs(c *cobra.Command, args []string) ([]string, error) {
	var codes, rest []string
	for i, a := range args {
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		if isAPICodeArg(a) {
			codes = append(codes, a)
		} else {
			rest = append(rest, a)
		}
	}
	c.InitDefaultHelpFlag()
	c.InheritedFlags() // merges the parents' persistent flags into c.Flags()
	fl := c.Flags()
	if err := fl.Parse(rest); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil, err
		}
		return nil, usageErrorf(fmt.Errorf("%w (see %s --help)", err, c.CommandPath()))
	}
	if help, _ := fl.GetBool("help"); help {
		return nil, pflag.ErrHelp
	}
	return append(codes, fl.Args()...), nil
}

func runExplain(opts *ExplainOptions) error {
	if opts.List {
		all := cliCatalog()
		if opts.Format == "table" {
			return writeCatalogTable(opts.IO.Out, all)
		}
		return writeValue(opts.IO.Out, all, opts.IO.ColorOut())
	}
	e, ok := lookupError(opts.Code)
	if !ok {
		return usageErrorf(fmt.Errorf("explain: unknown error code %q: kakaologin explain --list shows the known codes", strings.TrimSpace(opts.Code)))
	}
	if opts.Format == "table" {
		return writeErrorInfo(opts.IO.Out, e)
	}
	return writeValue(opts.IO.Out, e, opts.IO.ColorOut())
}

// writeErrorInfo prints one entry as labelled lines, the long ones wrapped
// to the width.
func writeErrorInfo(w io.Writer, e flow.ErrorInfo) error {
	t := newTable(false, column{name: "label", bold: true}, column{name: "text", fit: fitWrap})
	server := "auth server (kauth)"
	if e.Kind == flow.KindAPI {
		server = "API server (kapi)"
	}
	if e.EmulatorOnly {
		server = "emulator only (kakaologin mock): Kakao never sends it"
	}
	t.addRow("Code:", sanitize(e.Code))
	t.addRow("Sent by:", server)
	t.addRow("HTTP:", httpStatusCell(e.Status))
	if e.Error != "" {
		t.addRow("Error:", sanitize(e.Error))
	}
	t.addRow("Meaning:", sanitize(e.Meaning))
	t.addRow("Fix:", sanitize(e.Fix))
	_, err := io.Copy(w, t)
	return err
}

// writeCatalogTable prints the catalogue as CODE HTTP ERROR MEANING, one
// line a code: meanings are cut to the width (explain CODE has them whole).
func writeCatalogTable(w io.Writer, all []flow.ErrorInfo) error {
	t := newTable(true, column{name: "CODE"}, column{name: "HTTP", dim: true}, column{name: "ERROR", dim: true},
		column{name: "MEANING", fit: fitCut})
	for _, e := range all {
		meaning := e.Meaning
		if e.EmulatorOnly {
			meaning = "(emulator only) " + meaning
		}
		t.addRow(sanitize(e.Code), httpStatusCell(e.Status), sanitize(dashIfNone(e.Error)), sanitize(meaning))
	}
	_, err := io.Copy(w, t)
	return err
}

func httpStatusCell(status int) string {
	if status == 0 {
		return "-"
	}
	return strconv.Itoa(status)
}

func dashIfNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
