package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Version, when set at build time with -ldflags "-X .../cmd.Version=v1.2.3",
// is the version printed; otherwise it is the module's, from the build
// information Go writes into the binary.
var Version = "dev"

func init() {
	// --version is cobra's: its template (set on the root) calls this, so
	// the build information is read only when --version is given.
	cobra.AddTemplateFunc("kakaologinVersion", func() string { return buildVersion().String() })
}

// versionInfo is what `kakaologin version` prints.
type versionInfo struct {
	Version    string  `json:"version"`     // -ldflags Version, the module version, or dev
	Commit     *string `json:"commit"`      // the VCS revision built, when known
	CommitTime *string `json:"commit_time"` // its time, RFC 3339
	Modified   bool    `json:"modified"`    // the work tree had changes not committed
	Go         string  `json:"go"`          // the Go release that built it
	Platform   string  `json:"platform"`    // GOOS/GOARCH
}

// buildVersion reads the running binary's version.
func buildVersion() versionInfo {
	bi, _ := debug.ReadBuildInfo()
	return versionFrom(bi, Version)
}

// versionFrom is the version of a binary built as bi says (nil: nothing
// known), with ldflags the value of Version.
func versionFrom(bi *debug.BuildInfo, ldflags string) versionInfo {
	v := versionInfo{Version: "dev", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		if m := bi.Main.Version; m != "" && m != "(devel)" {
			v.Version = m
		}
		if bi.GoVersion != "" {
			v.Go = bi.GoVersion
		}
		var goos, goarch string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Commit = &s.Value
			case "vcs.time":
				v.CommitTime = &s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			case "GOOS":
				goos = s.Value
			case "GOARCH":
				goarch = s.Value
			}
		}
		if goos != "" && goarch != "" {
			v.Platform = goos + "/" + goarch
		}
	}
	if ldflags != "" && ldflags != "dev" {
		v.Version = ldflags
	}
	return v
}

// String is the one line `version` and `--version` print:
//
//	kakaologin v1.2.3 (3f2a1b4c5d6e, 2025-11-02T04:12:09Z) go1.26.8 linux/amd64
func (v versionInfo) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kakaologin %s", v.Version)
	var vcs []string
	if v.Commit != nil {
		c := *v.Commit
		vcs = append(vcs, c[:min(12, len(c))])
	}
	if v.Modified {
		vcs = append(vcs, "modified")
	}
	if v.CommitTime != nil {
		vcs = append(vcs, *v.CommitTime)
	}
	if len(vcs) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(vcs, ", "))
	}
	fmt.Fprintf(&b, " %s %s", v.Go, v.Platform)
	return b.String()
}

// VersionOptions are the settings of `kakaologin version`.
type VersionOptions struct {
	IO     *IOStreams
	Format string // "text" (the default, also on a terminal), "json" or "table"
	Info   func() versionInfo
}

// NewCmdVersion builds `kakaologin version`. runF replaces runVersion in
// tests.
func NewCmdVersion(f *Factory, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{Info: buildVersion}
	var out outputFlag
	c := &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Long: `Print the version: the one set at build time, else the module's, with the
commit it was built from and its time (when built from a git checkout), and
the Go release and platform. The same line as --version; --output json (or
--jq) prints it as JSON.`,
		Example: `  kakaologin version
  kakaologin version --output json
  kakaologin version --jq .commit`,
		Args:        noArgs,
		Annotations: map[string]string{instant: "true"},
		RunE: func(c *cobra.Command, _ []string) error {
			opts.IO, opts.Format = f.IO, "text"
			if out.value != "" || f.IO.jqActive() {
				var err error
				if opts.Format, err = out.format(f.IO); err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return runVersion(opts)
		},
	}
	c.Flags().StringVarP(&out.value, "output", "o", "", "json or table (default: one line of text)")
	return c
}

func runVersion(opts *VersionOptions) error {
	v := opts.Info()
	if opts.Format == "text" {
		_, err := fmt.Fprintln(opts.IO.Out, v)
		return err
	}
	return writeData(opts.IO, opts.Format, v)
}
