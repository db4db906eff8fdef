package cmd

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/localdb"
)

// Completions read from data: the user store's users, the emulator's test
// users. Read only, and bounded: a shell waits for them.

// maxUserCompletions bounds the users offered: past it, typing more of the
// id or email narrows them.
const maxUserCompletions = 100

// errEnough stops a scan that found maxUserCompletions users.
var errEnough = errors.New("enough")

// completeUserKey completes users show/delete's ID|EMAIL from the store
// (--db, KAKAOLOGIN_DB or the default), opened read-only: no store, or one
// that cannot be read, completes nothing, and nothing is created.
func completeUserKey(f *Factory) cobra.CompletionFunc {
	return func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		none := cobra.ShellCompDirectiveNoFileComp
		if len(args) > 0 {
			return nil, none
		}
		flag, _ := c.Flags().GetString("db")
		path, err := (&dbFlag{path: flag}).resolve(f)
		if err != nil {
			return nil, none
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		store, err := f.openDB(ctx, path, true)
		if err != nil {
			return nil, none
		}
		defer store.Close()
		prefix := strings.ToLower(toComplete)
		var out []cobra.Completion
		err = store.EachUser(ctx, func(u localdb.User) error {
			id := strconv.FormatInt(u.ID, 10)
			email := ""
			if u.Email != nil {
				email = *u.Email
			}
			switch {
			case strings.HasPrefix(id, prefix):
				out = append(out, cobra.CompletionWithDesc(id, sanitize(strings.TrimSpace(email+" "+u.Nickname))))
			case email != "" && strings.HasPrefix(strings.ToLower(email), prefix):
				out = append(out, cobra.CompletionWithDesc(sanitize(email), sanitize(id+" "+u.Nickname)))
			default:
				return nil
			}
			if len(out) >= maxUserCompletions {
				return errEnough
			}
			return nil
		})
		if err != nil && !errors.Is(err, errEnough) {
			return nil, none
		}
		return out, none
	}
}

// completeLoginHint completes login --login-hint with the emulator's test
// users when --mock is given (--test-users FILE, or the built-in ones):
// against Kakao the hint is the person's own account.
func completeLoginHint(c *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	none := cobra.ShellCompDirectiveNoFileComp
	if mock, _ := c.Flags().GetBool("mock"); !mock {
		return nil, none
	}
	users := emulator.DefaultUsers()
	if file, _ := c.Flags().GetString("test-users"); file != "" {
		var err error
		if users, err = readUsers(file); err != nil {
			return nil, none
		}
	}
	var out []cobra.Completion
	for _, u := range users {
		about := u.Nickname()
		switch {
		case u.Cancels():
			about += ", presses Cancel"
		case len(u.Declines()) > 0:
			about += ", declines " + strings.Join(u.Declines(), " ")
		}
		out = append(out, cobra.CompletionWithDesc(strconv.FormatInt(u.ID(), 10), sanitize(strings.TrimSpace(u.Email()+" "+about))))
		if u.Email() != "" {
			out = append(out, cobra.CompletionWithDesc(sanitize(u.Email()), sanitize(strconv.FormatInt(u.ID(), 10)+" "+about)))
		}
	}
	return out, none
}
