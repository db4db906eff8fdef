package cmd

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kakaologin/kakaologin/localdb"
)

// profileReader reads profiles one at a time from a JSON array of
// /v2/user/me responses, or from profiles one after the other (JSON
// lines), so an import of any size holds one profile in memory.
//
// It cuts the input into objects itself, by brackets and quotes, which
// costs a fraction of encoding/json's Decoder (that scanned every profile
// twice). At the first thing it does not expect (a value that is not an
// object, a bad separator, a truncated or malformed profile) it hands the
// rest of the input, from that point, to a Decoder in the same state
// (slowProfiles), so whatever is unusual is read, and refused, exactly as
// before.
type profileReader struct {
	r        io.Reader
	buf      []byte
	pos, end int   // the unread bytes are buf[pos:end]
	base     int64 // input offset of buf[0]
	eof      bool
	readErr  error
	array    bool // the input is one JSON array
	n        int  // profiles read so far
	done     bool
	slow     *slowProfiles // after the first oddity
	login    func(json.RawMessage) (localdb.Login, error)
}

// newProfileReader starts reading r; login maps each profile, whose bytes
// are only valid until the next call. Empty input is an error.
func newProfileReader(r io.Reader, login func(json.RawMessage) (localdb.Login, error)) (*profileReader, error) {
	p := &profileReader{r: r, buf: make([]byte, 256<<10), login: login}
	p.skipSpace()
	if p.pos == p.end {
		if p.readErr != nil {
			return nil, p.readErr
		}
		return nil, errors.New("empty input: want a JSON array of profiles or one per line")
	}
	if p.buf[p.pos] == '[' {
		p.array = true
		p.pos++
	}
	return p, nil
}

// next returns the next profile's login, io.EOF after the last one. In
// array mode nothing but whitespace may follow the array. Errors name the
// profile (1-based), or the byte offset (from the start of the input) of
// what follows the array.
func (p *profileReader) next() (localdb.Login, error) {
	if p.done {
		return localdb.Login{}, io.EOF
	}
	if p.slow != nil {
		return p.slow.next()
	}
	p.skipSpace()
	if p.readErr != nil {
		p.done = true
		return localdb.Login{}, p.readErr
	}
	if p.array {
		switch c := p.peek(); {
		case c == ']':
			p.pos++
			p.done = true
			return p.endArray()
		case p.n > 0 && c != ',':
			return p.toSlow("[{}")
		case p.n > 0:
			p.pos++
			p.skipSpace()
		}
	} else if p.pos == p.end {
		p.done = true
		return p.end0()
	}
	if p.peek() != '{' {
		return p.toSlow(p.prefix())
	}
	size, ok := p.frame()
	if !ok {
		return p.toSlow(p.prefix())
	}
	raw := p.buf[p.pos : p.pos+size]
	l, err := p.login(raw)
	if err != nil && !json.Valid(raw) {
		return p.toSlow(p.prefix()) // the Decoder's syntax error, as before
	}
	p.pos += size
	p.n++
	if err != nil {
		p.done = true
		return localdb.Login{}, fmt.Errorf("profile %d: %w", p.n, err)
	}
	return l, nil
}

// prefix is what puts a Decoder where this reader is, before a value.
func (p *profileReader) prefix() string {
	switch {
	case !p.array:
		return ""
	case p.n == 0:
		return "["
	}
	return "[{},"
}

func (p *profileReader) peek() byte {
	if p.pos < p.end {
		return p.buf[p.pos]
	}
	return 0
}

// more reads more input into buf, keeping buf[pos:end] (moved to the
// start, buf grown when full). It returns false at the end of the input.
func (p *profileReader) more() bool {
	if p.eof {
		return false
	}
	if p.pos > 0 {
		copy(p.buf, p.buf[p.pos:p.end])
		p.base += int64(p.pos)
		p.end -= p.pos
		p.pos = 0
	}
	if p.end == len(p.buf) {
		p.buf = append(p.buf, make([]byte, len(p.buf))...)
	}
	for {
		n, err := p.r.Read(p.buf[p.end:])
		p.end += n
		if err != nil {
			p.eof = true
			if err != io.EOF {
				p.readErr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

func (p *profileReader) skipSpace() {
	for {
		for p.pos < p.end && isJSONSpace(p.buf[p.pos]) {
			p.pos++
		}
		if p.pos < p.end || !p.more() {
			return
		}
	}
}

// frame finds the end of the object at buf[pos] by its brackets, reading
// more input as needed, and returns its size. It does not validate: the
// mapping does. ok is false at the end of the input.
func (p *profileReader) frame() (size int, ok bool) {
	depth := 0
	for i := 0; ; i++ {
		for p.pos+i >= p.end {
			if !p.more() {
				return 0, false
			}
		}
		switch p.buf[p.pos+i] {
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1, true
			}
		case '"':
			for { // to the closing quote: one not escaped by an odd run of backslashes
				j := bytes.IndexByte(p.buf[p.pos+i+1:p.end], '"')
				if j < 0 {
					if !p.more() {
						return 0, false
					}
					continue
				}
				i += 1 + j
				k := p.pos + i - 1
				for p.buf[k] == '\\' {
					k--
				}
				if (p.pos+i-1-k)%2 == 0 {
					break
				}
			}
		}
	}
}

// toSlow reads the rest of the input, from buf[pos], with a Decoder that
// prefix puts in this reader's state.
func (p *profileReader) toSlow(prefix string) (localdb.Login, error) {
	rest := io.MultiReader(strings.NewReader(prefix), bytes.NewReader(bytes.Clone(p.buf[p.pos:p.end])), p.r)
	br := bufio.NewReaderSize(rest, 1<<16)
	s := &slowProfiles{br: br, dec: json.NewDecoder(br), array: p.array, n: p.n, login: p.login,
		offset: p.base + int64(p.pos) - int64(len(prefix))}
	switch prefix {
	case "[":
		s.dec.Token()
	case "[{}", "[{},":
		var skip json.RawMessage
		s.dec.Token()
		s.dec.Decode(&skip)
	}
	p.slow = s
	return s.next()
}

func (p *profileReader) endArray() (localdb.Login, error) {
	for {
		for ; p.pos < p.end; p.pos++ {
			if !isJSONSpace(p.buf[p.pos]) {
				return localdb.Login{}, trailingData(p.base + int64(p.pos))
			}
		}
		if !p.more() {
			if p.readErr != nil {
				return localdb.Login{}, p.readErr
			}
			return p.end0()
		}
	}
}

// end0 is the end of a well-formed input: io.EOF, unless it held no
// profile at all.
func (p *profileReader) end0() (localdb.Login, error) {
	if p.n == 0 {
		return localdb.Login{}, errors.New("no profiles")
	}
	return localdb.Login{}, io.EOF
}

func trailingData(off int64) error {
	return fmt.Errorf("unexpected data at byte offset %d after the JSON array: want one array of profiles, or profiles one per line without brackets", off)
}

// slowProfiles reads profiles with encoding/json's Decoder, from wherever
// profileReader met something unusual.
type slowProfiles struct {
	br     *bufio.Reader
	dec    *json.Decoder
	array  bool
	n      int
	done   bool
	offset int64 // input offset of the Decoder's offset 0
	login  func(json.RawMessage) (localdb.Login, error)
}

func (s *slowProfiles) next() (localdb.Login, error) {
	if s.done {
		return localdb.Login{}, io.EOF
	}
	if s.array && !s.dec.More() {
		s.done = true
		if _, err := s.dec.Token(); err != nil { // the closing ]
			return localdb.Login{}, fmt.Errorf("after profile %d: %v", s.n, err)
		}
		if err := onlySpaceLeft(s.dec, s.br, s.offset); err != nil {
			return localdb.Login{}, err
		}
		return s.end()
	}
	var raw json.RawMessage
	err := s.dec.Decode(&raw)
	if !s.array && errors.Is(err, io.EOF) {
		s.done = true
		return s.end()
	}
	s.n++
	if err != nil {
		s.done = true
		return localdb.Login{}, fmt.Errorf("profile %d: %v", s.n, err)
	}
	l, err := s.login(raw)
	if err != nil {
		s.done = true
		return localdb.Login{}, fmt.Errorf("profile %d: %w", s.n, err)
	}
	return l, nil
}

func (s *slowProfiles) end() (localdb.Login, error) {
	if s.n == 0 {
		return localdb.Login{}, errors.New("no profiles")
	}
	return localdb.Login{}, io.EOF
}

// onlySpaceLeft checks that the input after the value dec just finished is
// JSON whitespace only: a second array, or stray brackets, used to be
// dropped silently. offset is the input offset of dec's start.
func onlySpaceLeft(dec *json.Decoder, rest io.Reader, offset int64) error {
	tail := bufio.NewReader(io.MultiReader(dec.Buffered(), rest))
	for off := offset + dec.InputOffset(); ; off++ {
		b, err := tail.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !isJSONSpace(b) {
			return trailingData(off)
		}
	}
}

func isJSONSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
