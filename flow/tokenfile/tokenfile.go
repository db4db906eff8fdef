// Package tokenfile saves the last token response on disk, with absolute
// expiry times, readable by its owner only (0600 in a 0700 directory) and
// written atomically (a temporary file renamed over the old one).
package tokenfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Saved is the token file's content. The client secret is never saved.
type Saved struct {
	AccessToken           string    `json:"access_token"`
	TokenType             string    `json:"token_type"`
	RefreshToken          string    `json:"refresh_token,omitempty"`
	IDToken               string    `json:"id_token,omitempty"`
	Scope                 string    `json:"scope,omitempty"`
	ExpiresAt             time.Time `json:"expires_at"`
	RefreshTokenExpiresAt time.Time `json:"refresh_token_expires_at,omitzero"`
	SavedAt               time.Time `json:"saved_at"`
	ClientID              string    `json:"client_id,omitempty"` // needed to refresh
	AuthURL               string    `json:"auth_url,omitempty"`  // the servers that issued it
	APIURL                string    `json:"api_url,omitempty"`
}

// ErrNotSaved is returned by Load when there is no token file.
var ErrNotSaved = errors.New("no saved token")

// ErrNotTokenFile is wrapped by Load's error for a file that exists but
// is not a token file (not JSON, too large, or without an access token).
var ErrNotTokenFile = errors.New("not a kakaologin token file")

// DefaultPath is $XDG_CONFIG_HOME/kakaologin/token.json, or
// ~/.config/kakaologin/token.json when XDG_CONFIG_HOME is unset.
func DefaultPath(getenv func(string) string) (string, error) {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("token file: %w (set XDG_CONFIG_HOME)", err)
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "kakaologin", "token.json"), nil
}

// maxFileSize bounds what Load reads: a token file is a few kilobytes.
const maxFileSize = 1 << 20

// Load reads the token file. A missing file gives ErrNotSaved; a file or
// directory others could have written gives an error wrapping ErrInsecure
// (see checkPrivate); a file that is not a token file gives an error
// naming it.
func Load(path string) (*Saved, error) {
	if err := checkPrivate(path, true); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w at %s", ErrNotSaved, path)
		}
		if errors.Is(err, ErrInsecure) {
			return nil, err
		}
		return nil, fmt.Errorf("read token file: %w", err)
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNotSaved, path)
	}
	if err != nil {
		return nil, fmt.Errorf("read token file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read token file: %w", err)
	}
	var s Saved
	if len(data) > maxFileSize || json.Unmarshal(data, &s) != nil || s.AccessToken == "" {
		return nil, fmt.Errorf("token file %s is %w", path, ErrNotTokenFile)
	}
	return &s, nil
}

// Save writes s to path atomically: the directory is created 0700, the
// data goes to a 0600 temporary file in it, which is then renamed.
// Temporary files a killed Save left behind are removed first. A
// directory others can write is refused with an error wrapping
// ErrInsecure: Load would refuse the file.
func Save(path string, s *Saved) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	if err := checkPrivate(path, false); err != nil { // the file itself is replaced
		return fmt.Errorf("save token: %w", err)
	}
	removeStale(dir, time.Now())
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	tmp, err := os.CreateTemp(dir, tempPattern) // created 0600
	if err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("save token: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save token: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	return nil
}

// Remove deletes the token file, and temporary files a killed Save left
// next to it; a missing file is not an error.
func Remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove saved token: %w", err)
	}
	removeStale(filepath.Dir(path), time.Now())
	return nil
}
