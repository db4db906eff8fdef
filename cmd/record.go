package cmd

import (
	"context"
	"fmt"

	"github.com/kakaologin/kakaologin/localdb"
)

// Recording a login in the local user store, shared by login --record and
// users record: the profile is mapped to a localdb.Login (loginFromProfile,
// store_profile.go), the store decides as the backend would, and the
// decision's warnings and conflicts become the command's output and error.

// record runs the backend's decision on the profile; a conflict is the
// command's error (exit 7) once the output is printed.
func record(ctx context.Context, store *localdb.DB, opts *LoginOptions, out *loginOutput) error {
	login, err := loginFromProfile(out.Profile, opts.RequireEmail)
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	login.Rules = opts.Rules
	d, err := store.RecordLogin(ctx, login)
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	out.User = &d
	warn(opts.IO, d)
	if d.Result == localdb.ResultConflict {
		return errConflict(d)
	}
	return nil
}

// errConflict makes a conflict decision the command's error (exit 7).
func errConflict(d localdb.Decision) error {
	answer := "kakaologin refuses this login"
	if r := d.Response; r != nil {
		answer = fmt.Sprintf("the %s backend would answer HTTP %d", d.Rules, r.Status)
		if r.Location != "" {
			answer += " to " + r.Location
		}
	}
	return &exitError{code: ExitConflict, err: fmt.Errorf("conflict (%s, rules %s): %s: %s", d.Reason, d.Rules, d.Message, answer)}
}

// warn prints a decision's warnings on stderr.
func warn(io *IOStreams, d localdb.Decision) {
	for _, w := range d.Warnings {
		fmt.Fprintf(io.ErrOut, "warning: %s\n", w)
	}
}
