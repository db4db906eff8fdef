package cmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/localdb"
)

// newCmdUsers groups the local user store commands.
func newCmdUsers(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "users",
		Short: "Inspect and seed the local user store (signup/signin simulation)",
		Long: `The local user store is a SQLite file that holds users and their social
accounts the way a backend (django-allauth) would after each Kakao login:
"kakaologin login --record", "users record" and "users import" decide signup,
signin or conflict on it. The file is --db, KAKAOLOGIN_DB, or
$XDG_DATA_HOME/kakaologin/users.db (~/.local/share/kakaologin/users.db).

--rules (or KAKAOLOGIN_RULES) picks the backend whose decisions to predict:
  seed     (default) django-allauth + dj-rest-auth with unique email and
           nickname columns: a second user without email and a taken Kakao
           nickname are HTTP 500, an email in another letter case is a
           second user
  allauth  stock django-allauth 65: usernames generated from the email when
           the nickname is taken, a taken email redirects to the signup form
  lenient  no backend bugs: emails clash ignoring case, nicknames get _2
A conflict's "response" is the backend's HTTP answer.`,
		Args: subcommandArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return usageErrorf(errors.New("kakaologin users needs a subcommand: list, show, delete, add, record or import (see kakaologin users --help)"))
		},
	}
	c.AddCommand(NewCmdUsersList(f, nil), NewCmdUsersShow(f, nil), NewCmdUsersDelete(f, nil), NewCmdUsersAdd(f, nil),
		NewCmdUsersRecord(f, nil), NewCmdUsersImport(f, nil))
	return c
}

// UsersListOptions are the settings of `kakaologin users list`.
type UsersListOptions struct {
	IO     *IOStreams
	DB     string
	Format string // json or table
	Open   func(ctx context.Context, path string, readOnly bool) (*localdb.DB, error)
}

// NewCmdUsersList builds `kakaologin users list`.
func NewCmdUsersList(f *Factory, runF func(context.Context, *UsersListOptions) error) *cobra.Command {
	opts := &UsersListOptions{}
	var st storeFlags
	c := &cobra.Command{
		Use:   "list",
		Short: "List the stored users with their social accounts",
		Example: `  kakaologin users list
  kakaologin users list --output json | jq '.[].email'`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			var err error
			if opts.DB, opts.Format, err = st.resolve(f); err != nil {
				return err
			}
			opts.IO, opts.Open = f.IO, f.openDB
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runUsersList(c.Context(), opts)
		},
	}
	st.register(c)
	return c
}

func runUsersList(ctx context.Context, opts *UsersListOptions) error {
	store, err := opts.Open(ctx, opts.DB, true)
	if errors.Is(err, localdb.ErrNotFound) {
		fmt.Fprintf(opts.IO.ErrOut, "No user store at %s yet: kakaologin login --record or users add creates it.\n", opts.DB)
		store = nil
	} else if err != nil {
		return err
	}
	out := bufio.NewWriterSize(opts.IO.Out, 64<<10) // one write per row would be one syscall per row
	var w userWriter = &jsonUsers{w: out, color: opts.IO.ColorOut()}
	if opts.Format == "table" {
		w = newTableUsers(out)
	}
	if store != nil {
		defer store.Close()
		if err := store.EachUser(ctx, w.write); err != nil {
			out.Flush()
			return err
		}
	}
	if err := w.close(); err != nil {
		return err
	}
	return out.Flush()
}

// UsersShowOptions are the settings of `kakaologin users show`.
type UsersShowOptions struct {
	IO     *IOStreams
	DB     string
	Format string
	Key    string // a user id or an email
	Open   func(ctx context.Context, path string, readOnly bool) (*localdb.DB, error)
}

// NewCmdUsersShow builds `kakaologin users show`.
func NewCmdUsersShow(f *Factory, runF func(context.Context, *UsersShowOptions) error) *cobra.Command {
	opts := &UsersShowOptions{}
	var st storeFlags
	c := &cobra.Command{
		Use:     "show ID|EMAIL",
		Short:   "Print one stored user with its social accounts and stored profile",
		Example: "  kakaologin users show 1\n  kakaologin users show kakao.tester@example.com",
		Args:    exactArgs(1, "one user ID or email"),
		RunE: func(c *cobra.Command, args []string) error {
			var err error
			if opts.DB, opts.Format, err = st.resolve(f); err != nil {
				return err
			}
			opts.IO, opts.Open, opts.Key = f.IO, f.openDB, args[0]
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runUsersShow(c.Context(), opts)
		},
	}
	st.register(c)
	return c
}

func runUsersShow(ctx context.Context, opts *UsersShowOptions) error {
	store, err := opts.Open(ctx, opts.DB, true)
	if err != nil {
		return err
	}
	defer store.Close()
	u, err := store.FindUser(ctx, opts.Key)
	if err != nil {
		return err
	}
	return writeData(opts.IO, opts.Format, u)
}

// openInput opens a file argument, "-" meaning stdin. A file that does
// not exist is a usage error that says what to give: want, such as "a
// JSON file of /v2/user/me profiles".
func openInput(in io.Reader, name, want string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(in), nil
	}
	file, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usageErrorf(fmt.Errorf("read %s: %w: give the path of %s, or - for stdin", name, unwrapPath(err), want))
	}
	if err != nil {
		return nil, usageErrorf(fmt.Errorf("read %s: %w", name, unwrapPath(err)))
	}
	return file, nil
}

// readInput reads a whole file argument, "-" meaning stdin; want is as
// for openInput.
func readInput(in io.Reader, name, want string) ([]byte, error) {
	r, err := openInput(in, name, want)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// unwrapPath drops the *PathError wrapper whose path the message repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
