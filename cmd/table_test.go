package cmd

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/localdb"
)

// Korean syllables and emoji take two cells on a terminal: the columns
// after them line up by cells, not by bytes or runes.
func TestTableAlignsByDisplayCells(t *testing.T) {
	tb := newTable(true, column{name: "ID"}, column{name: "NICKNAME"}, column{name: "EMAIL"})
	tb.addRow("1", "김카카오", "a@example.com")
	tb.addRow("2", "party🎉", "b@example.com")
	tb.addRow("10", "plain", "-")
	tb.addRow("3", "춘식이", "c@example.com")
	var out bytes.Buffer
	if err := tb.render(&out, 80, false); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"ID  NICKNAME  EMAIL\n" +
		"1   김카카오  a@example.com\n" + // 8 cells
		"2   party🎉   b@example.com\n" + // 7 cells
		"10  plain     -\n" +
		"3   춘식이    c@example.com\n" // 6 cells
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

// The users list table is laid out once: a wide cell in row 2,500 moves
// the column for every row, where it used to shift every 1,000 rows.
func TestUsersTableColumnsStableOverLongLists(t *testing.T) {
	var out bytes.Buffer
	tu := newTableUsers(&out)
	joined := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := 1; i <= 3000; i++ {
		nick := fmt.Sprintf("user%d", i)
		if i == 2500 {
			nick = "아주아주긴닉네임입니다" // 22 cells
		}
		if err := tu.write(localdb.User{ID: int64(i), Nickname: nick, JoinedAt: joined}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tu.close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3001 {
		t.Fatalf("%d lines, want 3001", len(lines))
	}
	// ACCOUNTS starts at the same cell on every line.
	at := func(line string) int { return cellWidth(line[:strings.LastIndex(line, "  -  ")]) }
	want := at(lines[1])
	for i, l := range lines[1:] {
		if got := at(l); got != want {
			t.Fatalf("row %d: ACCOUNTS at cell %d, row 1 at %d:\n%s\n%s", i+1, got, want, lines[1], l)
		}
	}
	if !strings.HasPrefix(lines[0], "ID    EMAIL  VERIFIED  NICKNAME                ACCOUNTS") {
		t.Errorf("header %q", lines[0])
	}
}

// A fitting column is cut (…) or wrapped at spaces to what the width
// leaves it, never under tableMinFit; a word longer than a line is broken.
func TestTableFitsTheWidth(t *testing.T) {
	cut := newTable(true, column{name: "CODE"}, column{name: "MEANING", fit: fitCut})
	cut.addRow("KOE006", "the redirect URI is not registered for this REST API key")
	var out bytes.Buffer
	cut.render(&out, 30, false)
	if want := "CODE    MEANING\nKOE006  the redirect URI is n…\n"; out.String() != want { // 8 + 22 cells
		t.Errorf("cut at 30:\n%q\nwant\n%q", out.String(), want)
	}
	out.Reset()
	cut.render(&out, 200, false)
	if !strings.Contains(out.String(), "for this REST API key\n") {
		t.Errorf("cut although it fits:\n%s", out.String())
	}
	out.Reset()
	cut.render(&out, 5, false)
	if want := "KOE006  the redirect URI is…\n"; !strings.HasSuffix(out.String(), want) { // 8 + 20
		t.Errorf("narrower than tableMinFit:\n%q, want it to end with %q", out.String(), want)
	}

	wrap := newTable(false, column{name: "label"}, column{name: "text", fit: fitWrap})
	wrap.addRow("Fix:", "다시 로그인하세요 then register http://localhost:8734/callback/very/long/path exactly")
	out.Reset()
	wrap.render(&out, 26, false)
	want := "" + // 6 cells for the label, 20 for the text
		"Fix:  다시 로그인하세요\n" + // 17 cells: " then" would make 22
		"      then register\n" +
		"      http://localhost:873\n" +
		"      4/callback/very/long\n" +
		"      /path exactly\n"
	if out.String() != want {
		t.Errorf("wrapped at 26:\n%s\nwant:\n%s", out.String(), want)
	}
}

// Colour makes the header bold and secondary columns dim, and adds
// nothing else: without the escapes the text is the plain layout.
func TestTableColour(t *testing.T) {
	tb := newTable(true, column{name: "CODE"}, column{name: "HTTP", dim: true}, column{name: "MEANING"})
	tb.addRow("KOE006", "400", "redirect URI 불일치")
	tb.addRow("-401", "", "invalid token")
	var plain, colour bytes.Buffer
	tb.render(&plain, 80, false)
	tb.render(&colour, 80, true)
	if strings.Contains(plain.String(), "\x1b") {
		t.Errorf("escapes without colour: %q", plain.String())
	}
	want := "\x1b[1mCODE\x1b[0m    \x1b[1mHTTP\x1b[0m  \x1b[1mMEANING\x1b[0m\n" +
		"KOE006  \x1b[2m400\x1b[0m   redirect URI 불일치\n" +
		"-401          invalid token\n" // an empty cell gets no escapes
	if colour.String() != want {
		t.Errorf("colour:\n%q\nwant\n%q", colour.String(), want)
	}
	if got := ansi.ReplaceAllString(colour.String(), ""); got != plain.String() {
		t.Errorf("colour changed the layout:\n%s\nvs\n%s", got, plain.String())
	}
}

// users list writes through a bufio.Writer of its own: the table still
// reaches the streams' ReadFrom, and gets their width and colour.
func TestUsersListTableGetsTheStreamsLayout(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	f, stdout, stderr := bufferFactory(nil)
	for _, nick := range []string{"김카카오", "emoji🎉"} {
		if code := runWith(t, f, "users", "add", "--db", db, "--nickname", nick); code != 0 {
			t.Fatalf("users add: exit %d: %s", code, stderr)
		}
	}
	f, stdout, _ = bufferFactory(nil)
	f.IO.OutTTY = true // a terminal, without a pager
	if code := runWith(t, f, "users", "list", "--db", db); code != 0 {
		t.Fatalf("exit %d", code)
	}
	got := stdout.String()
	if !strings.HasPrefix(got, "\x1b[1mID\x1b[0m  ") || !strings.Contains(got, "\x1b[2mfalse\x1b[0m") {
		t.Errorf("no bold header or dim column on a terminal:\n%q", got)
	}
	lines := strings.Split(ansi.ReplaceAllString(got, ""), "\n")
	if i, j := strings.LastIndex(lines[1], "  -  "), strings.LastIndex(lines[2], "  -  "); cellWidth(lines[1][:i]) != cellWidth(lines[2][:j]) {
		t.Errorf("columns not aligned:\n%s", strings.Join(lines, "\n"))
	}

	f, stdout, _ = bufferFactory(nil)
	if code := runWith(t, f, "users", "list", "--db", db, "--output", "table"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(stdout.String(), "\x1b") {
		t.Errorf("colour when piped:\n%q", stdout.String())
	}
}

// A table copied to a plain writer, straight or through a bufio.Writer,
// reads as its plain layout.
func TestTableReadsAsPlainLayout(t *testing.T) {
	tb := newTable(true, column{name: "KEY"}, column{name: "VALUE"})
	tb.addRow("nickname", "김카카오")
	var want bytes.Buffer
	tb.render(&want, 80, false)
	var direct, buffered bytes.Buffer
	if _, err := io.Copy(&direct, newTableCopy(tb)); err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(struct{ io.Writer }{&buffered}) // no ReadFrom below
	io.Copy(bw, newTableCopy(tb))
	bw.Flush()
	if direct.String() != want.String() || buffered.String() != want.String() {
		t.Errorf("direct %q, buffered %q, want %q", direct.String(), buffered.String(), want.String())
	}
}

func newTableCopy(t *table) *table { c := *t; c.plain = nil; return &c }

// The cost of laying out a long users list: 100,000 rows.
func BenchmarkUsersTable(b *testing.B) {
	joined := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	email := "user@example.com"
	users := make([]localdb.User, 100000)
	for i := range users {
		users[i] = localdb.User{ID: int64(i + 1), Email: &email, Nickname: fmt.Sprintf("사용자%d", i), JoinedAt: joined,
			Socials: []localdb.SocialAccount{{Provider: "kakao", UID: fmt.Sprint(3958471203 + i)}}}
	}
	b.ReportAllocs()
	for b.Loop() {
		tu := newTableUsers(io.Discard)
		for _, u := range users {
			tu.write(u)
		}
		if err := tu.close(); err != nil {
			b.Fatal(err)
		}
	}
}

// Widths do not follow the locale: under LANG=ko_KR.UTF-8 runewidth alone
// would count … and ① as two cells, which terminals draw as one.
func TestCellWidthIgnoresLocale(t *testing.T) {
	for s, want := range map[string]int{"…": 1, "①": 1, "✓": 1, "김": 2, "🎉": 2, "é": 1, "e\u0301": 1, "👩‍💻": 2, "abc": 3} {
		if got := cellWidth(s); got != want {
			t.Errorf("cellWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
