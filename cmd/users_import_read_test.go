package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/localdb"
)

// readProfiles drains a profileReader into a slice (profiles copied), for
// tests and the fuzzer.
func readProfiles(r io.Reader, requireEmail bool) ([]localdb.Login, error) {
	p, err := newProfileReader(r, func(raw json.RawMessage) (localdb.Login, error) {
		return loginFromProfile(bytes.Clone(raw), requireEmail)
	})
	if err != nil {
		return nil, err
	}
	var logins []localdb.Login
	for {
		l, err := p.next()
		if errors.Is(err, io.EOF) {
			return logins, nil
		}
		if err != nil {
			return nil, err
		}
		logins = append(logins, l)
	}
}

func TestProfileReader(t *testing.T) {
	tests := []struct {
		in      string
		uids    string
		wantErr string
	}{
		{`[{"id":1}, {"id":2}]`, "1 2", ""},
		{"{\"id\":1}\n{\"id\":2}\n", "1 2", ""},
		{"  [ ]  ", "", "no profiles"},
		{`[{"id":1}] x`, "", "unexpected data at byte offset 11"},
		{`[{"id":1}, {"id":"2"}]`, "", "profile 2: "},
		{"{\"id\":1}\n{\"id\":", "", "profile 2: "},
		{"", "", "empty input"},
	}
	for _, tt := range tests {
		logins, err := readProfiles(strings.NewReader(tt.in), false)
		var uids []string
		for _, l := range logins {
			uids = append(uids, l.UID)
		}
		if got := strings.Join(uids, " "); got != tt.uids || (err == nil) != (tt.wantErr == "") ||
			err != nil && !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("readProfiles(%q) = %q, %v; want %q, error %q", tt.in, got, err, tt.uids, tt.wantErr)
		}
	}
}
