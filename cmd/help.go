package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// strictHelp makes `kakaologin help TOPIC` with a TOPIC that names no
// command a usage error (exit 2, with the nearest names), as an unknown
// command is: cobra's own help command prints "Unknown help topic" and the
// usage, and exits 0. Known topics show their help as before. It keeps
// cobra's help command (its completion of topics) and replaces its Run.
func strictHelp(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	for _, h := range root.Commands() {
		if h.Name() != "help" {
			continue
		}
		if h.Annotations == nil {
			h.Annotations = map[string]string{}
		}
		h.Annotations[instant] = "true"
		h.Run = nil
		h.RunE = func(h *cobra.Command, args []string) error {
			c, rest, err := root.Find(args)
			if err != nil || c == nil || len(rest) > 0 {
				return unknownHelpTopic(root, args)
			}
			c.InitDefaultHelpFlag() // so that --help shows in the flags, as cobra's help command does
			c.InitDefaultVersionFlag()
			return c.Help()
		}
	}
}

// unknownHelpTopic names the topic and suggests the nearest commands
// under the deepest command that args do name.
func unknownHelpTopic(root *cobra.Command, args []string) error {
	parent, word := root, args[0]
	for _, a := range args {
		word = a
		next := findSub(parent, a)
		if next == nil {
			break
		}
		parent = next
	}
	if parent.SuggestionsMinimumDistance <= 0 {
		parent.SuggestionsMinimumDistance = 2 // cobra's default, set when it suggests itself
	}
	var names []string
	if parent.HasAvailableSubCommands() {
		names = parent.SuggestionsFor(word)
	}
	return usageErrorf(fmt.Errorf("unknown help topic %q%s (see %s --help)", strings.Join(args, " "), didYouMean(names), root.Name()))
}

// findSub is parent's subcommand named (or aliased) name, or nil.
func findSub(parent *cobra.Command, name string) *cobra.Command {
	for _, c := range parent.Commands() {
		if c.Name() == name || c.HasAlias(name) {
			return c
		}
	}
	return nil
}
