package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// instant, as a key of a command's Annotations, marks a command that waits
// for nothing: it runs without catching signals (see SignalContext).
const instant = "instant"

// commands are the top-level commands, by name.
var commands = []struct {
	name  string
	build func(*Factory) *cobra.Command
}{
	{"login", func(f *Factory) *cobra.Command { return NewCmdLogin(f, nil) }},
	{"mock", func(f *Factory) *cobra.Command { return NewCmdMock(f, nil) }},
	{"profile", func(f *Factory) *cobra.Command { return NewCmdProfile(f, nil) }},
	{"userinfo", func(f *Factory) *cobra.Command { return NewCmdUserinfo(f, nil) }},
	{"token", newCmdToken},
	{"logout", func(f *Factory) *cobra.Command { return NewCmdLogout(f, nil) }},
	{"unlink", func(f *Factory) *cobra.Command { return NewCmdUnlink(f, nil) }},
	{"users", newCmdUsers},
	{"explain", func(f *Factory) *cobra.Command { return NewCmdExplain(f, nil) }},
	{"doctor", func(f *Factory) *cobra.Command { return NewCmdDoctor(f, nil) }},
	{"version", func(f *Factory) *cobra.Command { return NewCmdVersion(f, nil) }},
}

// NewCmdRoot builds the command tree.
func NewCmdRoot(f *Factory) *cobra.Command { return newCmdRoot(f, "") }

// newCmdRootFor builds the root that runs args: when args name a top-level
// command, with that command alone. Cobra consults only the commands on
// the path to the one it runs (and their subcommands), so nothing it
// prints differs, and building the others took a tenth of the start-up of
// `kakaologin version`. Help, completion, an unknown name or no name get
// the whole tree.
func newCmdRootFor(f *Factory, args []string) *cobra.Command {
	root := newCmdRoot(f, commandNamed(args))
	if completing(args) { // __complete gets the whole tree: see commandNamed
		registerCompletions(f, root)
	}
	return root
}

// commandNamed returns the top-level command that cobra will find in args,
// or "" when it cannot tell for sure: only the root's own flags, none of
// which takes a value, may come before the name. Before any other flag,
// --help and --version included (cobra adds them after it looked for the
// command), cobra takes the next argument for that flag's value.
func commandNamed(args []string) string {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			for _, c := range commands {
				if c.name == a {
					return a
				}
			}
			return ""
		}
		switch name, _, _ := strings.Cut(a, "="); name {
		case "-v", "--verbose", "--show-secrets", "--no-pager":
		default:
			return ""
		}
	}
	return ""
}

// newCmdRoot builds the root with the top-level command named only, or
// with all of them when only is "".
func newCmdRoot(f *Factory, only string) *cobra.Command {
	root := &cobra.Command{
		Use:           "kakaologin",
		Short:         "See every step of Kakao Login working, against Kakao or a local emulator",
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       Version,
	}
	var verbose, showSecrets bool
	root.PersistentFlags().BoolVarP(&verbose, "verbose", "v", false, "trace every HTTP request and response, and the login callback, to stderr (secrets shortened)")
	root.PersistentFlags().BoolVar(&showSecrets, "show-secrets", false, "print secrets and tokens in full: in the --verbose trace, and in token show's output")
	root.PersistentFlags().StringVar(&f.IO.jqExpr, "jq", "", "print what the jq `EXPRESSION` makes of the JSON output: strings raw, the rest as JSON, one a line")
	root.PersistentFlags().BoolVar(&f.IO.noPager, "no-pager", false, "print tables on a terminal without $PAGER (KAKAOLOGIN_PAGER= does it too)")
	root.SetVersionTemplate("{{kakaologinVersion}}\n") // see version.go
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if c.Annotations[instant] == "" {
			c.Context().Done() // catch Ctrl-C and SIGTERM from here on: see SignalContext
		}
		if f.IO.jqActive() && printsNoJSON(c) {
			return usageErrorf(fmt.Errorf("%s prints no JSON for --jq to read", c.CommandPath()))
		}
		if err := emptyTokenFlag(c); err != nil {
			return err
		}
		f.IO.ctx = c.Context()
		if err := f.IO.useJQ(); err != nil { // a bad expression fails before any request
			return err
		}
		if verbose {
			f.enableTrace(showSecrets)
		}
		return nil
	}
	// The long description carries the exit-code table: built for the
	// root's help only, not on every run.
	help := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c == root && root.Long == "" {
			root.Long = rootLong + exitCodeHelp()
		}
		help(c, args)
	})
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErrorf(fmt.Errorf("%w (see %s --help)", err, c.CommandPath()))
	})
	for _, c := range commands {
		if only == "" || c.name == only {
			root.AddCommand(c.build(f))
		}
	}
	strictHelp(root)
	return root
}

const rootLong = `kakaologin runs the Kakao Login (OAuth 2.0) flow from the command line: it
opens the authorize page, receives the callback on loopback, checks state and
PKCE, exchanges the code and prints the token and the /v2/user/me profile as
JSON. "kakaologin mock" is a local emulator of Kakao's servers, so the whole
flow also runs offline: try "kakaologin login --mock".

stdout carries exactly one JSON document; progress and errors go to stderr.

Exit codes:
`

// initCompletion adds cobra's "completion" command now rather than at
// Execute, to make "completion SHELL" with an unknown shell a usage error:
// cobra's own prints its help and exits 0. Call it after SetOut: the
// scripts go to the writer set then.
func initCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			strictCompletion(c)
		}
	}
}

func strictCompletion(c *cobra.Command) {
	var shells []string
	for _, s := range c.Commands() {
		shells = append(shells, s.Name())
		if s.Annotations == nil {
			s.Annotations = map[string]string{}
		}
		s.Annotations[instant] = "true" // it prints a script, which shells often run as they start
	}
	c.Args = func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usageErrorf(fmt.Errorf("%s: unknown shell %q: want one of %s (see %s --help)", errPrefix(c), args[0], strings.Join(shells, ", "), c.CommandPath()))
		}
		return nil
	}
	c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
}

func exitCodeHelp() string {
	var b strings.Builder
	for _, e := range exitCodeTable {
		fmt.Fprintf(&b, "  %3d  %s\n", e.Code, e.Meaning)
	}
	return b.String()
}

// errPrefix is c's path without the root's name ("users delete"), to
// start an error with: Run prints "kakaologin: " before every error line,
// so c.CommandPath() there would say kakaologin twice. (A sentence whose
// subject is the command, "kakaologin login takes no arguments", keeps
// the whole path.)
func errPrefix(c *cobra.Command) string {
	return strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
}

// noArgs is cobra.NoArgs with a usage exit code.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf(fmt.Errorf("%s takes no arguments, got %q (see %s --help)", c.CommandPath(), args[0], c.CommandPath()))
	}
	return nil
}

// exactArgs is cobra.ExactArgs with a usage exit code.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf(fmt.Errorf("%s needs %s (see %s --help)", c.CommandPath(), what, c.CommandPath()))
		}
		return nil
	}
}
