package localdb

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestParseRules(t *testing.T) {
	for in, want := range map[string]Rules{"": RulesSeed, "seed": RulesSeed, "allauth": RulesAllauth, "lenient": RulesLenient} {
		if got, err := ParseRules(in); err != nil || got != want {
			t.Errorf("ParseRules(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseRules("Seed"); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "seed, allauth, lenient") {
		t.Errorf("ParseRules(Seed) = %v, want ErrInvalid listing the presets", err)
	}
}

// The responses are what the example backend answers, byte for byte.
func TestRulesResponses(t *testing.T) {
	db := openTest(t, nil)
	first := presetLogin(1, "kim@example.com", "kim")
	record(t, db, first)
	d := record(t, db, presetLogin(2, "kim@example.com", "kim2"))
	var body map[string][]string
	if err := json.Unmarshal(d.Response.Body, &body); err != nil || d.Response.Status != 400 ||
		body["non_field_errors"][0] != "User is already registered with this e-mail address." {
		t.Errorf("seed email conflict response = %+v (%v)", d.Response, err)
	}
	d = record(t, db, presetLogin(3, "other@example.com", "kim"))
	var page string
	if err := json.Unmarshal(d.Response.Body, &page); err != nil || d.Response.Status != 500 ||
		d.Response.ContentType != "text/html" || !strings.Contains(page, "<h1>Server Error (500)</h1>") {
		t.Errorf("seed nickname_taken response = %+v (%v)", d.Response, err)
	}
	if d.Message != "the backend's unique nickname column raises IntegrityError (HTTP 500)" || d.User.Nickname != "kim" {
		t.Errorf("nickname_taken = %q, user %+v", d.Message, d.User)
	}
	l := presetLogin(4, "kim@example.com", "x")
	l.Rules = RulesAllauth
	d = record(t, db, l)
	if d.Response.Status != 302 || d.Response.Location != "/accounts/3rdparty/signup/" || len(d.Response.Body) != 0 ||
		!strings.Contains(d.Message, "An account already exists with this email address.") {
		t.Errorf("allauth email conflict = %q %+v", d.Message, d.Response)
	}
	l = presetLogin(5, "", "x")
	l.RequireEmail = true
	if d = record(t, db, l); d.Reason != ReasonEmailRequired || d.Response != nil {
		t.Errorf("email_required = %+v, want no backend response", d)
	}
}

func TestSeedWarnings(t *testing.T) {
	db := openTest(t, nil)
	record(t, db, presetLogin(1, "case@example.com", "a"))
	d := record(t, db, presetLogin(2, "CASE@example.com", "b"))
	if !containsWarning(d.Warnings, "exact-match check misses it") || *d.User.Email != "CASE@example.com" {
		t.Errorf("case variant = %+v", d)
	}
	d = record(t, db, presetLogin(3, "", "c"))
	if !containsWarning(d.Warnings, `stores "" in its unique email column`) {
		t.Errorf("no email = %+v", d)
	}
	// The exact email, of either user, is now a conflict.
	for _, email := range []string{"case@example.com", "CASE@example.com"} {
		if d := record(t, db, presetLogin(4, email, "d")); d.Reason != ReasonEmailLinkedToOtherUID {
			t.Errorf("login with %s = %+v", email, d)
		}
	}
}

func TestAllauthStoresLowerCaseEmail(t *testing.T) {
	db := openTest(t, nil)
	l := presetLogin(1, "Mixed.Case@Example.COM", "m")
	l.Rules = RulesAllauth
	if d := record(t, db, l); *d.User.Email != "mixed.case@example.com" {
		t.Errorf("stored email %q, want it lower-cased as allauth does", *d.User.Email)
	}
}

func TestUsernameBase(t *testing.T) {
	// The examples of allauth 0.51, run (notes/rules.md); the accented and
	// full-width ones differ here (no NFKD): see usernameBase.
	for in, want := range map[string]string{
		"김카카오": "user", "kim.two@example.com": "kim.two", "Kim Kakao": "kim_kakao", "  a \t b  ": "a_b",
		"김 kim": "kim", "ß": "user", strings.Repeat("x", 200): "user", "a+b-c@x": "a+b-c", "!!!": "user",
	} {
		if got := usernameBase([]string{in, "user"}); got != want {
			t.Errorf("usernameBase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUsernameCandidates(t *testing.T) {
	cs := usernameCandidates("kim", rand.New(rand.NewPCG(1, 2)))
	pattern := []string{`kim`, `kim\d`, `kim\d{2}`, `kim\d{3}`, `kim\d{4}`, `kim\d{4}[A-Za-z]`, `kim\d{4}[A-Za-z]{2}`}
	if len(cs) != len(pattern) {
		t.Fatalf("candidates %q", cs)
	}
	for i, c := range cs {
		if !regexp.MustCompile(`^` + pattern[i] + `$`).MatchString(c) {
			t.Errorf("candidate %d = %q, want %s", i, c, pattern[i])
		}
	}
	long := usernameCandidates(strings.Repeat("x", 150), rand.New(rand.NewPCG(1, 2)))
	for _, c := range long {
		if len(c) != 150 {
			t.Errorf("candidate of a 150-character base has %d characters", len(c))
		}
	}
}

func TestValidUsername(t *testing.T) {
	for s, want := range map[string]bool{
		"김카카오": true, "kim.two": true, "a@b+c-d_e": true, "": false, "김 카카오": false, "a/b": false,
		"e\u0301": false, "x\n": false, strings.Repeat("가", 150): true, strings.Repeat("가", 151): false,
	} {
		if got := validUsername(s); got != want {
			t.Errorf("validUsername(%q) = %v, want %v", s, got, want)
		}
	}
}

// A store of schema 3 is rebuilt by migration 4 without losing a row or
// the cascade, and then holds emails that differ only in case.
func TestMigrationDropsEmailUnique(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.db")
	var stmts []string
	for _, m := range migrations()[:3] {
		stmts = append(stmts, m.sql)
	}
	stmts = append(stmts, "PRAGMA user_version = 3",
		`INSERT INTO users (id, email, email_key, nickname, joined_at) VALUES (7, 'Case@x.example', 'case@x.example', 'old', '2025-01-01T00:00:00Z')`,
		`INSERT INTO social_accounts (provider, uid, user_id, profile, joined_at) VALUES ('kakao', '70', 7, '{"id":70}', '2025-01-01T00:00:00Z')`)
	sqliteFile(t, path, stmts...)
	db := openAt(t, path, nil)
	ctx := testCtx(t)
	u, err := db.FindUser(ctx, "7")
	if err != nil || len(u.Socials) != 1 || string(u.Socials[0].Profile) != `{"id":70}` {
		t.Fatalf("user after upgrade = %+v, %v", u, err)
	}
	d := record(t, db, presetLogin(8, "case@x.example", "new"))
	if d.Result != ResultSignup {
		t.Errorf("seed login with the email in another case = %+v, want signup", d)
	}
	if _, err := db.DeleteUser(ctx, "7"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.sql.QueryRow("SELECT count(*) FROM social_accounts WHERE user_id = 7").Scan(&n); err != nil || n != 0 {
		t.Errorf("accounts of the deleted user = %d, %v: the cascade is lost", n, err)
	}
	var fks int
	if err := db.sql.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&fks); err != nil || fks != 0 {
		t.Errorf("foreign key check: %d, %v", fks, err)
	}
}
