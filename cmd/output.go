package cmd

import (
	"fmt"

	"github.com/spf13/cobra"
)

// outputFlag is the --output flag every command that prints data shares:
// json or table, default json when stdout is not a terminal and table when
// it is.
type outputFlag struct{ value string }

func (o *outputFlag) register(c *cobra.Command) {
	c.Flags().StringVarP(&o.value, "output", "o", "", "json or table (default: table on a terminal, json otherwise)")
}

// format resolves the flag against the streams; a bad value is a usage error.
func (o *outputFlag) format(io *IOStreams) (string, error) {
	switch o.value {
	case "json", "table":
		return o.value, nil
	case "":
		if io.OutTTY {
			return "table", nil
		}
		return "json", nil
	}
	return "", usageErrorf(fmt.Errorf("--output %q: want json or table", o.value))
}
