package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/kakaologin/kakaologin/localdb"
)

// readProfiles drains a profileReader into a slice (profiles copied), for
// tests and the fuzzer.
func readProfiles(r io.Reader, requireEmail bool) ([]localdb.Login, error) {
	return drainProfiles(r, requireEmail, false)
}

// drainProfiles is readProfiles; with decoder, the reader hands everything
// to encoding/json's Decoder from the start, as it did before it cut the
// input itself: the oracle of FuzzProfileReaderMatchesDecoder.
func drainProfiles(r io.Reader, requireEmail, decoder bool) ([]localdb.Login, error) {
	p, err := newProfileReader(r, func(raw json.RawMessage) (localdb.Login, error) {
		return loginFromProfileFast(bytes.Clone(raw), requireEmail)
	})
	if err != nil {
		return nil, err
	}
	var logins []localdb.Login
	next := p.next
	if decoder {
		first := true
		next = func() (localdb.Login, error) {
			if first {
				first = false
				return p.toSlow(p.prefix())
			}
			return p.next()
		}
	}
	for {
		l, err := next()
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

// FuzzProfileReaderMatchesDecoder: cutting the input by brackets reads the
// same profiles, and fails with the same error, as encoding/json's Decoder.
func FuzzProfileReaderMatchesDecoder(f *testing.F) {
	for _, s := range []string{`[{"id":1}, {"id":2}]`, "{\"id\":1}\n{\"id\":2}", `[{"id":1}][{"id":2}]`, ` [{"id":1}]]]garbage`,
		`[{"id":1} {"id":2}]`, `[{"id":1},]`, `[1]`, `{"id":1}{"id":2}`, `{"id":1,}`, `[{"id":"a\\\"}"}]`, `[{"id":1}, {"x":[}]`,
		`{"id":1}x`, `[]`, `  `, `{"id":1`, `[{"id":1}`, `[{"id":1},`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, gerr := drainProfiles(bytes.NewReader(data), false, false)
		want, werr := drainProfiles(bytes.NewReader(data), false, true)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %d logins, %v\nwant %d logins, %v", data, len(got), gerr, len(want), werr)
		}
	})
}

// A profile longer than the reader's buffer, and one split across reads.
func TestProfileReaderLongInput(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := range 300 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id":%d,"pad":"%s\\\"x"}`, i+1, strings.Repeat("y", i*100))
	}
	b.WriteString(`, {"id":999,"big":"` + strings.Repeat("z", 300<<10) + `"}]`)
	logins, err := drainProfiles(iotest.OneByteReader(strings.NewReader(b.String())), false, false)
	if err == nil || !strings.Contains(err.Error(), "profile 301: profile of kakao 999 is ") {
		t.Fatalf("got %d logins, %v; want the 301st refused as oversize", len(logins), err)
	}
	logins, err = drainProfiles(strings.NewReader(strings.TrimSuffix(b.String(), `, {"id":999,"big":"`+strings.Repeat("z", 300<<10)+`"}]`)+"]"), false, false)
	if err != nil || len(logins) != 300 || logins[299].UID != "300" {
		t.Fatalf("got %d logins, %v", len(logins), err)
	}
}
