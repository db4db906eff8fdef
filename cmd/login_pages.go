package cmd

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
)

// declineFlag is `kakaologin login --decline ITEM,...`: the optional
// consent items a headless login unticks on the emulator's consent page.
type declineFlag struct {
	items []string
}

func (d *declineFlag) register(c *cobra.Command) {
	c.Flags().Var(d, "decline", "with --headless or --mock: untick these optional consent items on the emulator's consent page, comma separated (e.g. account_email); the profile then says <item>_needs_agreement: true")
}

// String, Set and Type make declineFlag a pflag.Value: repeatable, each
// value a comma- or space-separated list. String is "" when no item is
// given, so that --help shows no "(default [])".
func (d *declineFlag) String() string { return strings.Join(d.items, ",") }
func (d *declineFlag) Type() string   { return "items" }

func (d *declineFlag) Set(s string) error {
	for _, it := range flow.SplitList(s) {
		if !validItem(it) {
			return fmt.Errorf("%q is not a consent item ID (letters, digits, '_', '-', '.')", it)
		}
		d.items = append(d.items, it)
	}
	return nil
}

// validate: declining is done by the program that plays the person; in a
// browser the person unticks the items.
func (d *declineFlag) validate(headless bool) error {
	if len(d.items) > 0 && !headless {
		return errors.New("--decline only goes with --headless or --mock: in a browser, untick the items on the consent page")
	}
	return nil
}

// showsPages says whether `login --mock` must run its emulator with the
// pages rather than auto-approving: declining needs the consent page.
func (d *declineFlag) showsPages() bool { return len(d.items) > 0 }

// follow is the headless opener: FollowAuthorize, unticking d's items.
// Declining a required item is the caller's mistake: a usage error. It
// returns the items the consent page did not ask about (see notAskedWarning).
func (d *declineFlag) follow(ctx context.Context, client *http.Client, url string) (notAsked []string, err error) {
	declining := flow.NewDeclining(d.items...)
	err = flow.FollowAuthorize(ctx, client, url, declining.Option())
	if errors.Is(err, flow.ErrRequiredItem) {
		return nil, usageErrorf(fmt.Errorf("--decline: %w", err))
	}
	if err != nil {
		return nil, err
	}
	return declining.NotAsked(), nil
}

// notAskedWarning is the one warning for --decline items that no consent
// page asked about: the login succeeds, but they were not declined.
func notAskedWarning(items []string) string {
	return fmt.Sprintf("warning: --decline %s: not asked (the user already consented, or the app has no such item); unlink to be asked again\n",
		sanitize(strings.Join(items, ",")))
}

func validItem(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
