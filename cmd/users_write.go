package cmd

import (
	"io"
	"strconv"
	"strings"
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

// tableUsers prints one row per user, the columns measured over every row
// (see table): the table is printed whole when the list ends, so it holds
// every row's cells until then (100,000 users: about 20 MB, 0.2 s).
type tableUsers struct {
	w io.Writer
	t *table
}

// usersColumns are the columns of users list: the ones that tell users
// apart first, then the dim ones that say more about them.
var usersColumns = []column{{name: "ID"}, {name: "EMAIL"}, {name: "VERIFIED", dim: true}, {name: "NICKNAME"},
	{name: "ACCOUNTS", dim: true}, {name: "JOINED", dim: true}, {name: "LAST LOGIN", dim: true}}

func newTableUsers(w io.Writer) *tableUsers {
	return &tableUsers{w: w, t: newTable(true, usersColumns...)}
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
	t.t.addRow(strconv.FormatInt(u.ID, 10), sanitize(email), strconv.FormatBool(u.EmailVerified), sanitize(u.Nickname),
		sanitize(dashIfNone(strings.Join(accounts, ","))), u.JoinedAt.Format(time.DateTime), last)
	return nil
}

// close prints the table. io.Copy, not a Write, so that it reaches Out's
// ReadFrom through the caller's bufio.Writer (see tableOut).
func (t *tableUsers) close() error {
	_, err := io.Copy(t.w, t.t)
	return err
}
