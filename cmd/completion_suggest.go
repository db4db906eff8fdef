package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// "Did you mean" for a mistyped command name, on one line with the error:
// kakaologin: unknown command "lst" for "kakaologin users": did you mean list? (see kakaologin users --help)

// subcommandArgs is the Args of a command group (users, token): a word
// that names none of its subcommands is an unknown command, with the
// nearest names suggested.
func subcommandArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's default, set when it suggests itself
	}
	return usageErrorf(fmt.Errorf("%s%s (see %s --help)", msg, didYouMean(c.SuggestionsFor(args[0])), c.CommandPath()))
}

func didYouMean(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return ": did you mean " + strings.Join(names, " or ") + "?"
}

// oneLineSuggestions words cobra's own error for an unknown top-level
// command, which lists its suggestions on lines of their own
// ("\n\nDid you mean this?\n\tlogin\n"), as subcommandArgs does.
func oneLineSuggestions(err error) error {
	head, names, ok := strings.Cut(err.Error(), "\n\nDid you mean this?\n")
	if !ok {
		return err
	}
	return fmt.Errorf("%s%s", head, didYouMean(strings.Fields(names)))
}
