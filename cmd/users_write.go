package cmd

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kakaologin/kakaologin/localdb"
)

// userWriter prints users one at a time, so a list of any length streams.
type userWriter interface {
	write(localdb.User) error
	close() error
}

// jsonUsers writes a JSON array with one user per line, element by
// element: a list of any length streams in constant memory, and the
// hand-written encoding (appendUser) keeps 100,000 users well under a
// second.
type jsonUsers struct {
	w     io.Writer
	color bool
	n     int
	buf   []byte
}

func (j *jsonUsers) write(u localdb.User) error {
	j.buf = j.buf[:0]
	if j.n == 0 {
		j.buf = append(j.buf, "[\n"...)
	} else {
		j.buf = append(j.buf, ",\n"...)
	}
	j.n++
	j.buf = appendUser(j.buf, u)
	out := j.buf
	if j.color {
		out = colorize(out)
	}
	_, err := j.w.Write(out)
	return err
}

func (j *jsonUsers) close() error {
	end := "\n]\n"
	if j.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(j.w, end)
	return err
}

// tableUsers writes one aligned row per user. Rows are flushed in blocks
// so a long list does not sit in memory.
type tableUsers struct {
	tw *tabwriter.Writer
	n  int
}

func newTableUsers(w io.Writer) *tableUsers {
	t := &tableUsers{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	fmt.Fprintln(t.tw, "ID\tEMAIL\tVERIFIED\tNICKNAME\tACCOUNTS\tJOINED\tLAST LOGIN")
	return t
}

func (t *tableUsers) write(u localdb.User) error {
	email := "-"
	if u.Email != nil {
		email = *u.Email
	}
	accounts := make([]string, len(u.Socials))
	for i, s := range u.Socials {
		accounts[i] = s.Provider + ":" + s.UID
	}
	last := "-"
	if u.LastLoginAt != nil {
		last = u.LastLoginAt.Format(time.DateTime)
	}
	_, err := fmt.Fprintf(t.tw, "%d\t%s\t%t\t%s\t%s\t%s\t%s\n", u.ID, sanitize(email), u.EmailVerified, sanitize(u.Nickname),
		sanitize(dashIfNone(strings.Join(accounts, ","))), u.JoinedAt.Format(time.DateTime), last)
	if t.n++; err == nil && t.n%1000 == 0 {
		err = t.tw.Flush()
	}
	return err
}

func (t *tableUsers) close() error { return t.tw.Flush() }
