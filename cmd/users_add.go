package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/localdb"
)

// UsersAddOptions are the settings of `kakaologin users add`.
type UsersAddOptions struct {
	IO     *IOStreams
	DB     string
	Format string
	User   localdb.NewUser
	Open   func(ctx context.Context, path string, readOnly bool) (*localdb.DB, error)
}

// NewCmdUsersAdd builds `kakaologin users add`.
func NewCmdUsersAdd(f *Factory, runF func(context.Context, *UsersAddOptions) error) *cobra.Command {
	opts := &UsersAddOptions{}
	var st storeFlags
	c := &cobra.Command{
		Use:   "add",
		Short: "Add a user directly, to set up the conflict cases",
		Long: `Add a user as an admin or a non-social signup would, to see the conflicts a
real backend hits on the next Kakao login:
  - a user with the same email and no social account: "email exists but not social user"
  - a user with the same email linked to another provider: "no matching social type"
  - a user with the same email linked to another Kakao id.`,
		Example: `  kakaologin users add --email kakao.tester@example.com --nickname local-user
  kakaologin users add --email kakao.tester@example.com --nickname g-user --provider google --uid 1234`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			var err error
			if opts.DB, opts.Format, err = st.resolve(f); err != nil {
				return err
			}
			if (opts.User.Provider == "") != (opts.User.UID == "") {
				return usageErrorf(errors.New("--provider and --uid go together"))
			}
			if opts.User.Nickname == "" && opts.User.Provider == "" {
				return usageErrorf(errors.New("--nickname is required (or give --provider and --uid)"))
			}
			opts.IO, opts.Open = f.IO, f.openDB
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runUsersAdd(c.Context(), opts)
		},
	}
	st.register(c)
	fl := c.Flags()
	fl.StringVar(&opts.User.Email, "email", "", "email (optional)")
	fl.BoolVar(&opts.User.EmailVerified, "email-verified", false, "mark the email verified")
	fl.StringVar(&opts.User.Nickname, "nickname", "", "nickname (unique)")
	fl.StringVar(&opts.User.Provider, "provider", "", "link a social account of this provider (e.g. kakao, google)")
	fl.StringVar(&opts.User.UID, "uid", "", "the social account's uid at the provider")
	return c
}

func runUsersAdd(ctx context.Context, opts *UsersAddOptions) error {
	// Refuse bad input before the store is opened (and maybe created).
	if err := opts.User.Validate(); err != nil {
		return fmt.Errorf("add user: %w", err)
	}
	store, err := opts.Open(ctx, opts.DB, false)
	if err != nil {
		return err
	}
	defer store.Close()
	u, err := store.AddUser(ctx, opts.User)
	if err != nil {
		return err
	}
	return writeData(opts.IO, opts.Format, u)
}

// UsersRecordOptions are the settings of `kakaologin users record`.
type UsersRecordOptions struct {
	IO           *IOStreams
	DB           string
	Profile      string // the FILE argument, or - for stdin
	Format       string
	RequireEmail bool
	Rules        localdb.Rules
	Open         func(ctx context.Context, path string, readOnly bool) (*localdb.DB, error)
}

// NewCmdUsersRecord builds `kakaologin users record`.
func NewCmdUsersRecord(f *Factory, runF func(context.Context, *UsersRecordOptions) error) *cobra.Command {
	opts := &UsersRecordOptions{}
	var st storeFlags
	var rules rulesFlag
	c := &cobra.Command{
		Use:   "record FILE|-",
		Short: "Run the signup/signin decision on a saved /v2/user/me profile (no network)",
		Example: `  kakaologin users record me.json
  kakaologin users record --rules allauth me.json
  kakaologin login --mock --jq .profile | kakaologin users record -`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return exactArgs(1, "one FILE (- reads stdin)")(c, args)
			}
			return nil // or the old --profile FILE: see RunE
		},
		RunE: func(c *cobra.Command, args []string) error {
			var err error
			if opts.DB, opts.Format, err = st.resolve(f); err != nil {
				return err
			}
			if opts.Rules, err = rules.resolve(f); err != nil {
				return err
			}
			switch {
			case len(args) == 1 && opts.Profile != "":
				return usageErrorf(errors.New("give the profile FILE once: as the argument (--profile is its old spelling)"))
			case len(args) == 1:
				opts.Profile = args[0]
			case opts.Profile == "":
				return exactArgs(1, "one FILE (- reads stdin)")(c, args)
			}
			opts.IO, opts.Open = f.IO, f.openDB
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runUsersRecord(c.Context(), opts)
		},
	}
	st.register(c)
	// users import takes its FILE as the argument: so does record now.
	c.Flags().StringVar(&opts.Profile, "profile", "", "the profile JSON file (- reads stdin)")
	deprecateFlag(f, c, "profile", "give the file as the argument: kakaologin users record FILE")
	c.Flags().BoolVar(&opts.RequireEmail, "require-email", false, requireEmailUsage)
	rules.register(c)
	return c
}

func runUsersRecord(ctx context.Context, opts *UsersRecordOptions) error {
	data, err := readInput(opts.IO.In, opts.Profile, "a JSON file of one /v2/user/me profile")
	if err != nil {
		return err
	}
	login, err := loginFromProfile(data, opts.RequireEmail)
	if err != nil && bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
		return usageErrorf(fmt.Errorf("%s: %w: use kakaologin users import for several profiles", opts.Profile, err))
	}
	if err != nil {
		return usageErrorf(fmt.Errorf("%s: %w", opts.Profile, err))
	}
	login.Rules = opts.Rules
	store, err := opts.Open(ctx, opts.DB, false)
	if err != nil {
		return err
	}
	defer store.Close()
	d, err := store.RecordLogin(ctx, login)
	if err != nil {
		return err
	}
	if err := writeData(opts.IO, opts.Format, d); err != nil {
		return err
	}
	warn(opts.IO, d)
	if d.Result == localdb.ResultConflict {
		return errConflict(d)
	}
	return nil
}
