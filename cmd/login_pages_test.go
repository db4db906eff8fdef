package cmd

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
)

func TestDeclineFlag(t *testing.T) {
	var d declineFlag
	c := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
	d.register(c)
	if err := c.ParseFlags([]string{"--decline", "account_email, profile_image", "--decline", "gender"}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"account_email", "profile_image", "gender"}; !slices.Equal(d.items, want) {
		t.Errorf("items = %v, want %v", d.items, want)
	}
	if !d.showsPages() || d.validate(true) != nil {
		t.Error("with items: the pages are shown and --headless is fine")
	}
	if err := d.validate(false); err == nil || !strings.Contains(err.Error(), "--headless or --mock") {
		t.Errorf("without --headless: %v", err)
	}
	if err := c.ParseFlags([]string{"--decline", "email;drop"}); err == nil {
		t.Error("an item that is no consent item ID was accepted")
	}
	var none declineFlag
	if none.showsPages() || none.validate(false) != nil {
		t.Error("no items: nothing changes")
	}
}

// --help shows no "(default [])" for a flag that is empty by default.
func TestDeclineHelpShowsNoDefault(t *testing.T) {
	code, stdout, stderr := runCLI(t, nil, "login", "--help")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	line := ""
	for _, l := range strings.Split(stdout, "\n") {
		if strings.Contains(l, "--decline") {
			line = l
		}
	}
	if line == "" || strings.Contains(line, "(default") {
		t.Errorf("--decline help line = %q, want one without a default", line)
	}
}

// Declining a required item is the caller's mistake: exit 2.
func TestDeclineRequiredIsUsageError(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	em, err := emulator.New(emulator.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	defer srv.Close()
	cfg := flow.Config{ClientID: emulator.DefaultClientID, RedirectURI: emulator.DefaultRedirectURI, AuthURL: srv.URL}
	sess := cfg.NewSession("st", emulator.DefaultRedirectURI, flow.AuthorizeParams{})
	d := declineFlag{items: []string{"profile_nickname"}}
	_, err = d.follow(ctx, nil, sess.URL)
	if !errors.Is(err, flow.ErrRequiredItem) || exitCode(err) != ExitUsage || !strings.HasPrefix(err.Error(), "--decline: ") {
		t.Errorf("err = %v (exit %d), want a usage error naming --decline", err, exitCode(err))
	}
}
