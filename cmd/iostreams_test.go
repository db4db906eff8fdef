package cmd

import (
	"bytes"
	"strings"
	"testing"
)

// NO_COLOR wins over everything; CLICOLOR_FORCE colours even off a
// terminal and with TERM=dumb; otherwise colour needs a terminal and no
// TERM=dumb or CLICOLOR=0. Tables and JSON follow the same switch.
func TestColourEnvironment(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		tty  bool
		want bool
	}{
		{nil, true, true},
		{nil, false, false},
		{map[string]string{"NO_COLOR": "1"}, true, false},
		{map[string]string{"NO_COLOR": ""}, true, true}, // empty is unset
		{map[string]string{"CLICOLOR_FORCE": "1"}, false, true},
		{map[string]string{"CLICOLOR_FORCE": "0"}, false, false},
		{map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, false, false},
		{map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, true, false},
		{map[string]string{"TERM": "dumb"}, true, false},
		{map[string]string{"TERM": "dumb", "CLICOLOR_FORCE": "yes"}, true, true},
		{map[string]string{"CLICOLOR": "0"}, true, false},
		{map[string]string{"CLICOLOR": "0", "CLICOLOR_FORCE": "1"}, false, true},
	} {
		var out bytes.Buffer
		s := newIOStreams(strings.NewReader(""), &out, &out, func(k string) string { return tc.env[k] })
		s.OutTTY, s.Pager = tc.tty, "" // a fake terminal, no pager
		if got := s.ColorOut(); got != tc.want {
			t.Errorf("%v tty=%v: JSON colour %v, want %v", tc.env, tc.tty, got, tc.want)
		}
		var o outputFlag
		o.value = "table"
		o.format(s)
		if err := writeData(s, "table", map[string]string{"k": "v"}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(out.String(), "\x1b[1mKEY"); got != tc.want {
			t.Errorf("%v tty=%v: bold table header %v, want %v: %q", tc.env, tc.tty, got, tc.want, out.String())
		}
	}
}

// COLUMNS wins over the terminal's width, which wins over 80.
func TestWidth(t *testing.T) {
	term := func() (int, bool) { return 132, true }
	noTerm := func() (int, bool) { return 0, false }
	for _, tc := range []struct {
		columns   string
		termWidth func() (int, bool)
		want      int
	}{
		{"", nil, 80},
		{"", term, 132},
		{"", noTerm, 80},
		{"100", term, 100},
		{"100", nil, 100},
		{"0", term, 132},
		{"wide", nil, 80},
	} {
		s := newIOStreams(nil, &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string {
			if k == "COLUMNS" {
				return tc.columns
			}
			return ""
		})
		s.TermWidth = tc.termWidth
		if got := s.width(); got != tc.want {
			t.Errorf("COLUMNS=%q: width %d, want %d", tc.columns, got, tc.want)
		}
	}
}
