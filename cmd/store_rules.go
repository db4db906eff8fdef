package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/localdb"
)

// rulesFlag is --rules, the backend rules a recorded login is decided by,
// on every command that records: login --record, users record, users import.
type rulesFlag struct{ name string }

func (r *rulesFlag) register(c *cobra.Command) {
	names := make([]string, len(localdb.AllRules))
	for i, x := range localdb.AllRules {
		names[i] = string(x)
	}
	c.Flags().StringVar(&r.name, "rules", "", fmt.Sprintf(
		"backend rules to decide by: %s (env KAKAOLOGIN_RULES, default %s; see kakaologin users --help)",
		strings.Join(names, ", "), localdb.DefaultRules))
}

// resolve is --rules, then KAKAOLOGIN_RULES, then the default.
func (r *rulesFlag) resolve(f *Factory) (localdb.Rules, error) {
	rules, err := localdb.ParseRules(f.env(r.name, "KAKAOLOGIN_RULES"))
	if err != nil {
		from := "--rules"
		if r.name == "" {
			from = "KAKAOLOGIN_RULES"
		}
		return "", usageErrorf(fmt.Errorf("%s: %w", from, err))
	}
	return rules, nil
}
