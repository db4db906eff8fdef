package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/localdb"
)

// UsersImportOptions are the settings of `kakaologin users import`.
type UsersImportOptions struct {
	IO           *IOStreams
	DB           string
	File         string // or - for stdin
	Format       string
	RequireEmail bool
	Rules        localdb.Rules
	Open         func(ctx context.Context, path string, readOnly bool) (*localdb.DB, error)
}

// NewCmdUsersImport builds `kakaologin users import`.
func NewCmdUsersImport(f *Factory, runF func(context.Context, *UsersImportOptions) error) *cobra.Command {
	opts := &UsersImportOptions{}
	var st storeFlags
	var rules rulesFlag
	c := &cobra.Command{
		Use:   "import FILE|-",
		Short: "Record many /v2/user/me profiles at once, to seed a test database",
		Long: `Run the signup/signin decision on many profiles: a JSON array of /v2/user/me
responses, or one per line. The whole file is one transaction: a malformed
profile anywhere means nothing is written. Prints a summary; conflicts are
listed in it (and counted on stderr) but do not fail the import.`,
		Example: `  kakaologin users import profiles.json
  cat profiles.jsonl | kakaologin users import -`,
		Args: exactArgs(1, "one FILE (- reads stdin)"),
		RunE: func(c *cobra.Command, args []string) error {
			var err error
			if opts.DB, opts.Format, err = st.resolve(f); err != nil {
				return err
			}
			if opts.Rules, err = rules.resolve(f); err != nil {
				return err
			}
			opts.IO, opts.Open, opts.File = f.IO, f.openDB, args[0]
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runUsersImport(c.Context(), opts)
		},
	}
	st.register(c)
	c.Flags().BoolVar(&opts.RequireEmail, "require-email", false, requireEmailUsage)
	rules.register(c)
	return c
}

type importConflict struct {
	Index   int    `json:"index"` // 1-based position in the input
	UID     string `json:"uid"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
	Status  int    `json:"status,omitempty"` // the backend's HTTP status
}

type importSummary struct {
	Rules        localdb.Rules    `json:"rules"`
	Profiles     int              `json:"profiles"`
	Signup       int              `json:"signup"`
	Signin       int              `json:"signin"`
	Conflict     int              `json:"conflict"`
	WithoutEmail int              `json:"without_email"` // profiles that gave no email
	Conflicts    []importConflict `json:"conflicts,omitempty"`
}

func (s *importSummary) add(i int, l localdb.Login, d localdb.Decision) {
	s.Profiles++
	if l.Email == "" {
		s.WithoutEmail++
	}
	switch d.Result {
	case localdb.ResultSignup:
		s.Signup++
	case localdb.ResultSignin:
		s.Signin++
	case localdb.ResultConflict:
		s.Conflict++
		c := importConflict{Index: i + 1, UID: l.UID, Reason: d.Reason, Message: d.Message}
		if d.Response != nil {
			c.Status = d.Response.Status
		}
		s.Conflicts = append(s.Conflicts, c)
	}
}

// errBadInput marks an input error met during the import, to report it as
// a usage error once the transaction is rolled back.
type errBadInput struct{ err error }

func (e errBadInput) Error() string { return e.err.Error() }
func (e errBadInput) Unwrap() error { return e.err }

func runUsersImport(ctx context.Context, opts *UsersImportOptions) (err error) {
	in, err := openInput(opts.IO.In, opts.File, "a JSON file of /v2/user/me profiles")
	if err != nil {
		return err
	}
	defer in.Close()
	counted := &countingReader{r: in}
	bad := func(err error) error {
		return usageErrorf(fmt.Errorf("%s: %w (nothing was imported)", opts.File, err))
	}
	profiles, err := newProfileReader(counted, func(raw json.RawMessage) (localdb.Login, error) {
		l, err := loginFromProfileFast(raw, opts.RequireEmail)
		l.Rules = opts.Rules
		return l, err
	})
	if err != nil {
		return bad(err)
	}
	// The first profile is read before the store is opened (and maybe
	// created): an empty or malformed input leaves no file behind.
	first, err := profiles.next()
	if err != nil {
		return bad(err)
	}
	_, statErr := os.Stat(opts.DB)
	created := errors.Is(statErr, fs.ErrNotExist)
	store, err := opts.Open(ctx, opts.DB, false)
	if err != nil {
		return err
	}
	defer store.Close()
	if created { // a failed import leaves no file it created behind
		defer func() {
			if err != nil {
				store.Close()
				removeStoreFiles(opts.DB)
			}
		}()
	}
	logins := func(yield func(localdb.Login, error) bool) {
		if !yield(first, nil) {
			return
		}
		for {
			l, err := profiles.next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				err = errBadInput{err}
			}
			if !yield(l, err) || err != nil {
				return
			}
		}
	}
	var progress *importProgress
	if opts.IO.ErrTTY {
		src := io.Reader(in)
		if opts.File == "-" {
			src = opts.IO.In // a file redirected to stdin has a size too
		}
		progress = newImportProgress(opts.IO.ErrOut, time.Now, counted, inputSize(src))
	}
	sum := importSummary{Rules: opts.Rules}
	_, err = store.ImportLogins(ctx, logins, func(i int, l localdb.Login, d localdb.Decision) error {
		sum.add(i, l, d)
		progress.update(sum.Profiles)
		return nil
	})
	progress.done()
	var bi errBadInput
	if errors.As(err, &bi) {
		return bad(bi.err)
	}
	if err != nil {
		return err
	}
	if sum.Conflict > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "warning: %d of %d profiles are conflicts (listed in the summary)\n", sum.Conflict, sum.Profiles)
	}
	return writeData(opts.IO, opts.Format, sum)
}

// removeStoreFiles deletes a store file and its WAL companions.
func removeStoreFiles(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
}
