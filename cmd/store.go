package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/localdb"
)

// dbFlag is the --db flag of the commands that use the local user store.
type dbFlag struct{ path string }

func (d *dbFlag) register(c *cobra.Command) {
	c.Flags().StringVar(&d.path, "db", "", "user store (SQLite) path (env KAKAOLOGIN_DB, default $XDG_DATA_HOME/kakaologin/users.db)")
}

// resolve is --db, then KAKAOLOGIN_DB, then the XDG data directory.
func (d *dbFlag) resolve(f *Factory) (string, error) {
	if p := f.env(d.path, "KAKAOLOGIN_DB"); p != "" {
		return p, nil
	}
	dir := f.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", usageErrorf(fmt.Errorf("no home directory for the user store: pass --db PATH"))
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "kakaologin", "users.db"), nil
}

// storeFlags are the flags of the user store commands: --db and --output.
type storeFlags struct {
	db  dbFlag
	out outputFlag
}

func (s *storeFlags) register(c *cobra.Command) {
	s.db.register(c)
	s.out.register(c)
}

// resolve returns the store's path and the output format.
func (s *storeFlags) resolve(f *Factory) (path, format string, err error) {
	if path, err = s.db.resolve(f); err != nil {
		return "", "", err
	}
	format, err = s.out.format(f.IO)
	return path, format, err
}

func (f *Factory) openDB(ctx context.Context, path string, readOnly bool) (*localdb.DB, error) {
	return localdb.Open(ctx, path, localdb.Options{Now: f.Now, ReadOnly: readOnly})
}

// errConflict makes a conflict decision the command's error (exit 7).
func errConflict(d localdb.Decision) error {
	return &exitError{code: ExitConflict, err: fmt.Errorf("conflict (%s): %s: a backend like django-allauth would refuse this login", d.Reason, d.Message)}
}

// loginFromProfile maps a Kakao /v2/user/me profile to what a backend
// stores, as django-allauth's Kakao provider does: uid = str(id), email and
// its verified flag from kakao_account, nickname from kakao_account.profile,
// else properties.
func loginFromProfile(profile json.RawMessage, requireEmail bool) (localdb.Login, error) {
	var p struct {
		ID         json.Number `json:"id"`
		Properties struct {
			Nickname string `json:"nickname"`
		} `json:"properties"`
		KakaoAccount struct {
			Email           string `json:"email"`
			IsEmailVerified bool   `json:"is_email_verified"`
			Profile         struct {
				Nickname string `json:"nickname"`
			} `json:"profile"`
		} `json:"kakao_account"`
	}
	if err := json.Unmarshal(profile, &p); err != nil {
		return localdb.Login{}, fmt.Errorf("profile is not a Kakao /v2/user/me object: %v", err)
	}
	if _, err := strconv.ParseInt(p.ID.String(), 10, 64); err != nil {
		return localdb.Login{}, errors.New(`profile has no integer "id": is it a /v2/user/me response?`)
	}
	nick := p.KakaoAccount.Profile.Nickname
	if nick == "" {
		nick = p.Properties.Nickname
	}
	return localdb.Login{
		Provider: "kakao", UID: p.ID.String(), Email: p.KakaoAccount.Email,
		EmailVerified: p.KakaoAccount.IsEmailVerified, Nickname: nick,
		Profile: profile, RequireEmail: requireEmail,
	}, nil
}
