package cmd

import (
	"testing"

	"github.com/spf13/cobra"
)

func TestArgvExplain(t *testing.T) {
	for _, tc := range []struct {
		argvCase
		code, format string
		list         bool
	}{
		{argvCase{name: "an auth code", args: []string{"KOE006"}}, "KOE006", "json", false},
		{argvCase{name: "an API code, not a flag", args: []string{"-401", "-o", "table"}}, "-401", "table", false},
		{argvCase{name: "the list", args: []string{"--list", "--output", "json"}}, "", "json", true},
		{argvCase{name: "nothing", wantErr: "explain: give one error code"}, "", "", false},
		{argvCase{name: "two codes", args: []string{"KOE006", "-401"}, wantErr: "explain: give one error code"}, "", "", false},
		{argvCase{name: "a code and the list", args: []string{"--list", "KOE006"}, wantErr: "give a code or --list, not both"}, "", "", false},
		{argvCase{name: "bad output", args: []string{"KOE006", "-o", "yaml"}, wantErr: `--output "yaml"`}, "", "", false},
		{argvCase{name: "unknown flag", args: []string{"--bogus"}, wantErr: "unknown flag: --bogus"}, "", "", false},
	} {
		var got *ExplainOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdExplain(f, func(o *ExplainOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) && (got.Code != tc.code || got.List != tc.list || got.Format != tc.format || got.IO != f.IO) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
}
