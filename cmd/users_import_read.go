package cmd

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/kakaologin/kakaologin/localdb"
)

// profileReader decodes profiles one at a time from a JSON array of
// /v2/user/me responses, or from profiles one after the other (JSON
// lines), so an import of any size holds one profile in memory.
type profileReader struct {
	br      *bufio.Reader
	dec     *json.Decoder
	array   bool  // the input is one JSON array
	skipped int64 // whitespace before the first value
	n       int   // profiles returned so far
	done    bool
	raw     json.RawMessage // reused: a Login's profile is valid until the next call
	login   func(json.RawMessage) (localdb.Login, error)
}

// newProfileReader starts reading r; login maps each profile. Empty input
// is an error.
func newProfileReader(r io.Reader, login func(json.RawMessage) (localdb.Login, error)) (*profileReader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	first, skipped, err := firstByte(br)
	if err != nil {
		return nil, err
	}
	p := &profileReader{br: br, dec: json.NewDecoder(br), array: first == '[', skipped: skipped, login: login}
	if p.array {
		if _, err := p.dec.Token(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// next returns the next profile's login, io.EOF after the last one. In
// array mode nothing but whitespace may follow the array. Errors name the
// profile (1-based), or the byte offset (from the start of the input) of
// what follows the array. The login's Profile is only valid until the next
// call.
func (p *profileReader) next() (localdb.Login, error) {
	if p.done {
		return localdb.Login{}, io.EOF
	}
	if p.array && !p.dec.More() {
		p.done = true
		if _, err := p.dec.Token(); err != nil { // the closing ]
			return localdb.Login{}, fmt.Errorf("after profile %d: %v", p.n, err)
		}
		if err := onlySpaceLeft(p.dec, p.br, p.skipped); err != nil {
			return localdb.Login{}, err
		}
		return p.end()
	}
	err := p.dec.Decode(&p.raw)
	if !p.array && errors.Is(err, io.EOF) {
		p.done = true
		return p.end()
	}
	p.n++
	if err != nil {
		p.done = true
		return localdb.Login{}, fmt.Errorf("profile %d: %v", p.n, err)
	}
	l, err := p.login(p.raw)
	if err != nil {
		p.done = true
		return localdb.Login{}, fmt.Errorf("profile %d: %w", p.n, err)
	}
	return l, nil
}

func (p *profileReader) end() (localdb.Login, error) {
	if p.n == 0 {
		return localdb.Login{}, errors.New("no profiles")
	}
	return localdb.Login{}, io.EOF
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
