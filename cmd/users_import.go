package cmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

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
	Open         func(ctx context.Context, path string, readOnly bool) (*localdb.DB, error)
}

// NewCmdUsersImport builds `kakaologin users import`.
func NewCmdUsersImport(f *Factory, runF func(context.Context, *UsersImportOptions) error) *cobra.Command {
	opts := &UsersImportOptions{}
	var st storeFlags
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
			opts.IO, opts.Open, opts.File = f.IO, f.openDB, args[0]
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runUsersImport(c.Context(), opts)
		},
	}
	st.register(c)
	c.Flags().BoolVar(&opts.RequireEmail, "require-email", false, "profiles without email are conflicts")
	return c
}

type importConflict struct {
	Index   int    `json:"index"` // 1-based position in the input
	UID     string `json:"uid"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

type importSummary struct {
	Profiles  int              `json:"profiles"`
	Signup    int              `json:"signup"`
	Signin    int              `json:"signin"`
	Conflict  int              `json:"conflict"`
	Conflicts []importConflict `json:"conflicts,omitempty"`
}

func runUsersImport(ctx context.Context, opts *UsersImportOptions) error {
	in, err := openInput(opts.IO.In, opts.File)
	if err != nil {
		return err
	}
	defer in.Close()
	logins, err := readProfiles(in, opts.RequireEmail)
	if err != nil {
		return usageErrorf(fmt.Errorf("%s: %w (nothing was imported)", opts.File, err))
	}
	store, err := opts.Open(ctx, opts.DB, false)
	if err != nil {
		return err
	}
	defer store.Close()
	decisions, err := store.ImportLogins(ctx, logins)
	if err != nil {
		return err
	}
	sum := importSummary{Profiles: len(decisions)}
	for i, d := range decisions {
		switch d.Result {
		case localdb.ResultSignup:
			sum.Signup++
		case localdb.ResultSignin:
			sum.Signin++
		case localdb.ResultConflict:
			sum.Conflict++
			sum.Conflicts = append(sum.Conflicts, importConflict{Index: i + 1, UID: logins[i].UID, Reason: d.Reason, Message: d.Message})
		}
	}
	if sum.Conflict > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "warning: %d of %d profiles are conflicts (listed in the summary)\n", sum.Conflict, sum.Profiles)
	}
	return writeData(opts.IO, opts.Format, sum)
}

// readProfiles reads a JSON array of profiles, or profiles one after the
// other (JSON lines), and maps each to a Login. In array mode nothing but
// whitespace may follow the array. Errors name the profile, or the byte
// offset (from the start of the input) of what follows the array.
func readProfiles(r io.Reader, requireEmail bool) ([]localdb.Login, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	first, skipped, err := firstByte(br)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(br)
	if first == '[' {
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
	}
	var logins []localdb.Login
	for n := 1; ; n++ {
		if first == '[' && !dec.More() {
			if _, err := dec.Token(); err != nil { // the closing ]
				return nil, fmt.Errorf("after profile %d: %v", n-1, err)
			}
			if err := onlySpaceLeft(dec, br, skipped); err != nil {
				return nil, err
			}
			break
		}
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if first != '[' && errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("profile %d: %v", n, err)
		}
		l, err := loginFromProfile(bytes.Clone(raw), requireEmail)
		if err != nil {
			return nil, fmt.Errorf("profile %d: %w", n, err)
		}
		logins = append(logins, l)
	}
	if len(logins) == 0 {
		return nil, errors.New("no profiles")
	}
	return logins, nil
}

// onlySpaceLeft checks that the input after the value dec just finished is
// JSON whitespace only: a second array, or stray brackets, used to be
// dropped silently. skipped is the whitespace read before dec started.
func onlySpaceLeft(dec *json.Decoder, rest io.Reader, skipped int64) error {
	tail := bufio.NewReader(io.MultiReader(dec.Buffered(), rest))
	for off := skipped + dec.InputOffset(); ; off++ {
		b, err := tail.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !isJSONSpace(b) {
			return fmt.Errorf("unexpected data at byte offset %d after the JSON array: want one array of profiles, or profiles one per line without brackets", off)
		}
	}
}

// firstByte returns the first byte that is not JSON whitespace, left
// unread, and the number of whitespace bytes before it.
func firstByte(br *bufio.Reader) (byte, int64, error) {
	for n := int64(0); ; n++ {
		b, err := br.ReadByte()
		if err == io.EOF {
			return 0, 0, errors.New("empty input: want a JSON array of profiles or one per line")
		}
		if err != nil {
			return 0, 0, err
		}
		if !isJSONSpace(b) {
			return b, n, br.UnreadByte()
		}
	}
}

func isJSONSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
