package cmd

import "github.com/spf13/cobra"

// NewCmdExplain builds `kakaologin explain` (placeholder, being written).
func NewCmdExplain(f *Factory, runF func(*ExplainOptions) error) *cobra.Command {
	return &cobra.Command{Use: "explain", Hidden: true, Args: noArgs, RunE: func(*cobra.Command, []string) error { return nil }}
}

// ExplainOptions are the settings of `kakaologin explain`.
type ExplainOptions struct{}
