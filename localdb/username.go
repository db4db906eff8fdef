package localdb

import (
	"context"
	"database/sql"
	"errors"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Usernames compared as Django's iexact compares them on SQLite (ASCII
// case only; PostgreSQL would fold all of Unicode), through the
// users_nickname_nocase index.
const sqlUsernameTaken = "SELECT 1 FROM users WHERE nickname = ? COLLATE NOCASE LIMIT 1"

// usernameMaxLength is auth.User.username's max_length, which allauth
// truncates to and suffixes within.
const usernameMaxLength = 150

// allauthUsername returns the username django-allauth 65.x (modelled on
// 65.16.1, flows/signup.py process_signup and account/utils.py) gives a
// social signup with nickname nick and the lower-cased email: nick itself
// (truncated to 150 characters) if it is a valid username that nobody has
// ignoring case; else generate_unique_username([email, "user"]), the base
// of usernameBase followed by random digits and letters. generated says
// which; ok false means all of allauth's candidates are taken (allauth
// raises NotImplementedError: HTTP 500).
//
// allauth's suffixes come from an unseeded random generator; here the
// generator is seeded by provider and uid, so a decision is reproducible
// and has allauth's shape (kim.two, kim.two3, kim.two04, ...) but not its
// digits.
func allauthUsername(ctx context.Context, t *txn, l Login, email string) (name string, generated, ok bool, err error) {
	nick := truncateRunes(l.Nickname, usernameMaxLength)
	if validUsername(nick) {
		taken, err := usernameTaken(ctx, t, nick)
		if err != nil || !taken {
			return nick, false, err == nil, err
		}
	}
	h := fnv.New64a()
	h.Write([]byte(l.Provider + "\x00" + l.UID))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0))
	for _, c := range usernameCandidates(usernameBase([]string{email, "user"}), rng) {
		taken, err := usernameTaken(ctx, t, c)
		if err != nil {
			return "", true, false, err
		}
		if !taken {
			return c, true, true, nil
		}
	}
	return "", true, false, nil
}

func usernameTaken(ctx context.Context, t *txn, name string) (bool, error) {
	var one int
	err := t.row(ctx, sqlUsernameTaken, name).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// validUsername is Django's UnicodeUsernameValidator, ^[\w.@+-]+\Z with
// Python's Unicode \w (letters, numbers, underscore), and the max length.
func validUsername(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > usernameMaxLength {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) && !strings.ContainsRune("_.@+-", r) {
			return false
		}
	}
	return true
}

// usernameBase is allauth's _generate_unique_username_base: the first of
// txts that, reduced to ASCII, lower-cased, cut at "@", trimmed and with
// whitespace runs as "_", is a valid username; else "user". allauth
// reduces to ASCII by NFKD then dropping what is not ASCII, so "É" becomes
// "e"; this drops non-ASCII characters outright (no NFKD tables in the
// standard library), which differs only for accented or full-width
// letters, rare in the email local parts this is used on. Texts with
// nothing left are skipped (allauth >= 0.62).
func usernameBase(txts []string) string {
	for _, txt := range txts {
		var b strings.Builder
		ascii := false
		for _, r := range txt {
			if r >= utf8.RuneSelf {
				continue
			}
			ascii = true
			if isASCIIWord(r) || isPySpace(r) || strings.ContainsRune("@+.-", r) {
				b.WriteRune(unicode.ToLower(r))
			}
		}
		if !ascii {
			continue
		}
		s, _, _ := strings.Cut(b.String(), "@")
		s = strings.Join(strings.FieldsFunc(s, isPySpace), "_") // strip, then \s+ -> _
		if validUsername(s) {
			return s
		}
	}
	return "user"
}

func isASCIIWord(r rune) bool {
	return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// isPySpace is Python's str.isspace for ASCII.
func isPySpace(r rune) bool { return r == ' ' || r >= '\t' && r <= '\r' || r >= 0x1c && r <= 0x1f }

// usernameCandidates is allauth's generate_username_candidates: base, then
// base cut to leave room for a suffix of 1 to 6 random characters, digits
// for the first four, ASCII letters after.
func usernameCandidates(base string, rng *rand.Rand) []string {
	const digits, letters = "0123456789", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	cs := []string{base}
	for n := 1; n <= 6; n++ {
		suffix := make([]byte, n)
		for i := range suffix {
			if i < 4 {
				suffix[i] = digits[rng.IntN(len(digits))]
			} else {
				suffix[i] = letters[rng.IntN(len(letters))]
			}
		}
		cs = append(cs, truncateRunes(base, usernameMaxLength-n)+string(suffix))
	}
	return cs
}

// truncateRunes cuts s to at most n characters, as Python's s[:n].
func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
