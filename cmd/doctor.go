package cmd

import (
	"context"

	"github.com/spf13/cobra"
)

// NewCmdDoctor builds `kakaologin doctor` (placeholder, being written).
func NewCmdDoctor(f *Factory, runF func(context.Context, *DoctorOptions) error) *cobra.Command {
	return &cobra.Command{Use: "doctor", Hidden: true, Args: noArgs, RunE: func(*cobra.Command, []string) error { return nil }}
}

// DoctorOptions are the settings of `kakaologin doctor`.
type DoctorOptions struct{}
