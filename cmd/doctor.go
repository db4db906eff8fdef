package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
)

// DoctorOptions are the settings of `kakaologin doctor`.
type DoctorOptions struct {
	IO         *IOStreams
	HTTPClient *http.Client
	Now        func() time.Time

	Config  flow.Config
	Format  string        // "json" or "table"
	Timeout time.Duration // per request
}

// Check statuses, in the JSON as written.
const (
	checkOK   = "ok"
	checkWarn = "warn"
	checkFail = "fail"
)

// doctorCheck is one line of the checklist.
type doctorCheck struct {
	Name    string `json:"name"`
	Status  string `json:"status"`
	Message string `json:"message"`
}

// doctorReport is the stdout document.
type doctorReport struct {
	OK     bool          `json:"ok"`
	Checks []doctorCheck `json:"checks"`
}

// NewCmdDoctor builds `kakaologin doctor`. runF replaces runDoctor in tests.
func NewCmdDoctor(f *Factory, runF func(context.Context, *DoctorOptions) error) *cobra.Command {
	opts := &DoctorOptions{}
	var app appFlags
	var out outputFlag
	c := &cobra.Command{
		Use:   "doctor",
		Short: "Check a Kakao Login configuration before logging in",
		Long: `Check the configuration login would use (the same flags and environment
variables) and print a checklist, each check ok, warn or fail with the fix:

  REST API key        present, and 32 lower-case hex characters like Kakao's keys
  client secret       set or not (never shown)
  redirect URI        a loopback http URI with a free port: the exact URI to register
  auth URL            the auth server answers; its OIDC discovery document
  API URL             the API server answers /v2/user/me without a token with 401
  client credentials  the token endpoint accepts the key and secret (a made-up
                      code must be refused with KOE320, not KOE101 or KOE010)
  clock               the local clock is within a minute of the server's Date

Nothing is logged in and no token is issued. The checklist is JSON when
stdout is not a terminal, a table on one (--output chooses). The exit code
is 2 when a check fails; warnings alone exit 0.`,
		Example: `  kakaologin doctor
  KAKAO_REST_API_KEY=... KAKAO_CLIENT_SECRET=... kakaologin doctor --redirect-uri http://localhost:9000/callback
  kakaologin doctor --auth-url http://127.0.0.1:8735 --api-url http://127.0.0.1:8735
  kakaologin doctor --output json | jq '.checks[] | select(.status != "ok")'`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Timeout <= 0 {
				return usageErrorf(fmt.Errorf("--request-timeout must be positive, got %s", opts.Timeout))
			}
			var err error
			if opts.Format, err = out.format(f.IO); err != nil {
				return err
			}
			opts.IO, opts.HTTPClient, opts.Now = f.IO, f.HTTPClient, f.Now
			opts.Config = app.config(f)
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runDoctor(c.Context(), opts)
		},
	}
	app.register(c, true)
	out.register(c)
	c.Flags().DurationVar(&opts.Timeout, "request-timeout", 5*time.Second, "how long to wait for each server's answer, per request")
	// --timeout is login's wait for the whole login: here it was per request.
	aliasFlag(f, c, "timeout", "request-timeout")
	return c
}

func runDoctor(ctx context.Context, opts *DoctorOptions) error {
	cfg := opts.Config
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = opts.HTTPClient
	}
	cfg = cfg.Resolved() // the checks show the settings login would use

	auth := opts.probeAuth(ctx, cfg)
	api := opts.probeAPI(ctx, cfg)
	checks := []doctorCheck{
		checkKey(cfg.ClientID),
		checkSecret(cfg.ClientSecret),
		checkRedirect(cfg.RedirectURI, cfg.AuthURL),
		auth.check,
		api.check,
		opts.checkCredentials(ctx, cfg, auth.reached),
		checkClock([]serverTime{auth.time, api.time}),
	}

	report := doctorReport{OK: true, Checks: checks}
	var failed []string
	for _, c := range checks {
		if c.Status == checkFail {
			report.OK = false
			failed = append(failed, c.Name)
		}
	}
	var err error
	if opts.Format == "table" {
		err = writeChecklist(opts.IO.Out, checks)
	} else {
		err = writeValue(opts.IO.Out, report, opts.IO.ColorOut())
	}
	if len(failed) > 0 {
		noun := "checks"
		if len(failed) == 1 {
			noun = "check"
		}
		// The checklist says why; this line is the summary on stderr.
		return errors.Join(err, &exitError{code: ExitUsage,
			err: fmt.Errorf("doctor: %d %s failed: %s", len(failed), noun, strings.Join(failed, ", "))})
	}
	return err
}

// writeChecklist prints one check a row: mark, name, message, the message
// wrapped to the width.
func writeChecklist(w io.Writer, checks []doctorCheck) error {
	marks := map[string]string{checkOK: "✓", checkWarn: "!", checkFail: "✗"}
	t := newTable(false, column{name: "mark"}, column{name: "name"}, column{name: "message", fit: fitWrap})
	for _, c := range checks {
		t.addRow(marks[c.Status], sanitize(c.Name), sanitize(c.Message))
	}
	_, err := io.Copy(w, t)
	return err
}

// orDefault is s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
