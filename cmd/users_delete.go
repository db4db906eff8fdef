package cmd

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/localdb"
)

// UsersDeleteOptions are the settings of `kakaologin users delete`.
type UsersDeleteOptions struct {
	IO     *IOStreams
	DB     string
	Format string
	Key    string // a user id or an email
	Yes    bool   // --yes: delete without asking
	Prompt bool   // stdin and stderr are a terminal: ask first
	Open   func(ctx context.Context, path string, readOnly bool) (*localdb.DB, error)
}

// NewCmdUsersDelete builds `kakaologin users delete`.
func NewCmdUsersDelete(f *Factory, runF func(context.Context, *UsersDeleteOptions) error) *cobra.Command {
	opts := &UsersDeleteOptions{}
	var st storeFlags
	c := &cobra.Command{
		Use:   "delete ID|EMAIL",
		Short: "Delete a user and its social accounts (prints what was deleted)",
		Long: `Delete a user and its social accounts, and print what was deleted.

On a terminal it shows the user and asks first: y or yes deletes, anything
else deletes nothing and exits 3. Elsewhere (a script, CI) there is no one
to ask: it refuses (exit 2) unless --yes is given.`,
		Example: `  kakaologin users delete 1
  kakaologin users delete --yes kakao.tester@example.com`,
		Args: exactArgs(1, "one user ID or email"),
		RunE: func(c *cobra.Command, args []string) error {
			var err error
			if opts.DB, opts.Format, err = st.resolve(f); err != nil {
				return err
			}
			opts.IO, opts.Open, opts.Key = f.IO, f.openDB, args[0]
			opts.Prompt = isTerminal(f.IO.In) && f.IO.ErrTTY
			if !opts.Yes && !opts.Prompt {
				return usageErrorf(fmt.Errorf("%s: not on a terminal, so no one can confirm the delete: pass --yes to delete without asking", errPrefix(c)))
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runUsersDelete(c.Context(), opts)
		},
	}
	st.register(c)
	c.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "delete without asking (needed when not on a terminal)")
	return c
}

// errNotConfirmed is a delete the user did not confirm (exit 3).
var errNotConfirmed = &exitError{code: ExitDenied, err: errors.New("users delete: not confirmed: nothing was deleted")}

func runUsersDelete(ctx context.Context, opts *UsersDeleteOptions) error {
	key := opts.Key
	if !opts.Yes {
		u, err := findUser(ctx, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(opts.IO.ErrOut, "Delete user %s? [y/N] ", describeUser(u))
		if !confirmed(opts.IO) {
			return errNotConfirmed
		}
		key = strconv.FormatInt(u.ID, 10) // the user shown, whatever the key matched
	}
	store, err := opts.Open(ctx, opts.DB, false)
	if err != nil {
		return err
	}
	defer store.Close()
	u, err := store.DeleteUser(ctx, key)
	if err != nil {
		return err
	}
	return writeData(opts.IO, opts.Format, u)
}

// findUser looks the user up read-only: a delete not confirmed leaves the
// store as it was (and creates none).
func findUser(ctx context.Context, opts *UsersDeleteOptions) (localdb.User, error) {
	store, err := opts.Open(ctx, opts.DB, true)
	if err != nil {
		return localdb.User{}, err
	}
	defer store.Close()
	return store.FindUser(ctx, opts.Key)
}

// describeUser is a user in one line for a question: id, email, nickname
// and social accounts, safe for a terminal.
func describeUser(u localdb.User) string {
	s := strconv.FormatInt(u.ID, 10)
	if u.Email != nil {
		s += " " + *u.Email
	}
	s += " (" + u.Nickname + ")"
	if len(u.Socials) > 0 {
		accounts := make([]string, len(u.Socials))
		for i, a := range u.Socials {
			accounts[i] = a.Provider + ":" + a.UID
		}
		s += " with " + strings.Join(accounts, ", ")
	}
	return sanitize(s)
}

// confirmed reads one line of stdin: y or yes, in any case, is a yes;
// anything else, or nothing, is a no.
func confirmed(io *IOStreams) bool {
	line, err := readLine(io.In, 1<<10)
	switch strings.ToLower(line) {
	case "y", "yes":
		return err == nil
	}
	return false
}
