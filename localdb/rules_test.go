package localdb

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// want is one preset's expected decision for a case: "signup NICK",
// "signin NICK" or "conflict REASON STATUS"; a NICK of the form /re/ is a
// regular expression.
type want map[Rules]string

// ruleCase is a login after some setup, both decided by the preset under test.
type ruleCase struct {
	name  string
	setup func(t *testing.T, db *DB, rules Rules)
	login Login
	want  want
}

// prior records l under rules as setup.
func prior(ls ...Login) func(*testing.T, *DB, Rules) {
	return func(t *testing.T, db *DB, rules Rules) {
		for _, l := range ls {
			l.Rules = rules
			if d := record(t, db, l); d.Result == ResultConflict {
				t.Fatalf("setup login %s: %+v", l.UID, d)
			}
		}
	}
}

// added adds users directly, as an admin would, as setup.
func added(nus ...NewUser) func(*testing.T, *DB, Rules) {
	return func(t *testing.T, db *DB, _ Rules) {
		for _, nu := range nus {
			if _, err := db.AddUser(testCtx(t), nu); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func presetLogin(id int64, email, nickname string) Login {
	l := kakaoLogin(id, email, nickname)
	l.Rules = ""
	return l
}

// The cases of the README's table, each under each preset.
var ruleCases = []ruleCase{
	{"a. new account, new email", nil, presetLogin(1, "kim@example.com", "김카카오"),
		want{RulesSeed: "signup 김카카오", RulesAllauth: "signup 김카카오", RulesLenient: "signup 김카카오"}},
	{"b. existing account", prior(presetLogin(1, "kim@example.com", "김카카오")), presetLogin(1, "kim@example.com", "renamed"),
		want{RulesSeed: "signin 김카카오", RulesAllauth: "signin 김카카오", RulesLenient: "signin 김카카오"}},
	{"c. email of a local user", added(NewUser{Email: "park@example.com", Nickname: "local_park"}), presetLogin(2, "park@example.com", "박"),
		want{RulesSeed: "conflict email_exists_not_social 400", RulesAllauth: "conflict email_exists_not_social 302", RulesLenient: "conflict email_exists_not_social 400"}},
	{"d. same email, other case, new account", prior(presetLogin(1, "case.tester@example.com", "first")), presetLogin(2, "Case.Tester@example.com", "second"),
		want{RulesSeed: "signup second", RulesAllauth: "conflict email_linked_to_other_uid 302", RulesLenient: "conflict email_linked_to_other_uid 400"}},
	{"d2. mixed-case email of a local user, lower-case login", added(NewUser{Email: "Case.Tester@example.com", Nickname: "local_case"}), presetLogin(2, "case.tester@example.com", "대소문자"),
		want{RulesSeed: "signup 대소문자", RulesAllauth: "signup 대소문자", RulesLenient: "conflict email_exists_not_social 400"}},
	{"e. email of a user of another provider", added(NewUser{Email: "g@example.com", Nickname: "g", Provider: "google", UID: "g1"}), presetLogin(2, "g@example.com", "gg"),
		want{RulesSeed: "conflict no_matching_social_type 400", RulesAllauth: "conflict no_matching_social_type 302", RulesLenient: "conflict no_matching_social_type 400"}},
	{"f. email of another Kakao account", prior(presetLogin(1, "kim@example.com", "김카카오")), presetLogin(2, "kim@example.com", "kim2"),
		want{RulesSeed: "conflict email_linked_to_other_uid 400", RulesAllauth: "conflict email_linked_to_other_uid 302", RulesLenient: "conflict email_linked_to_other_uid 400"}},
	{"g. first user without email", nil, presetLogin(1, "", "이동의"),
		want{RulesSeed: "signup 이동의", RulesAllauth: "signup 이동의", RulesLenient: "signup 이동의"}},
	{"h. second user without email", prior(presetLogin(1, "", "이동의")), presetLogin(2, "", "무이메일"),
		want{RulesSeed: "conflict email_blank_taken 500", RulesAllauth: "signup 무이메일", RulesLenient: "signup 무이메일"}},
	{"i. nickname taken", prior(presetLogin(1, "kakao.tester@example.com", "김카카오")), presetLogin(2, "kim.two@example.com", "김카카오"),
		want{RulesSeed: "conflict nickname_taken 500", RulesAllauth: "signup kim.two", RulesLenient: "signup 김카카오_2"}},
	{"i2. nickname taken, ignoring case", prior(presetLogin(1, "a@example.com", "Mina")), presetLogin(2, "b@example.com", "mina"),
		want{RulesSeed: "signup mina", RulesAllauth: "signup b", RulesLenient: "signup mina"}},
	{"i3. nickname and generated base taken", prior(presetLogin(1, "kim.two@other.example", "kim.two"), presetLogin(2, "x@example.com", "김카카오")),
		presetLogin(3, "kim.two@example.com", "김카카오"),
		want{RulesSeed: "conflict nickname_taken 500", RulesAllauth: `signup /^kim\.two[0-9]{1,4}[A-Za-z]{0,2}$/`, RulesLenient: "signup 김카카오_2"}},
	{"j. no nickname", nil, presetLogin(1, "nick.less@example.com", ""),
		want{RulesSeed: "signup kakao_1", RulesAllauth: "signup nick.less", RulesLenient: "signup kakao_1"}},
	{"j2. no nickname, no email", nil, presetLogin(1, "", ""),
		want{RulesSeed: "signup kakao_1", RulesAllauth: "signup user", RulesLenient: "signup kakao_1"}},
	{"k. nickname not a valid username", nil, presetLogin(1, "Kim.Space@Example.com", "김 카카오"),
		want{RulesSeed: "signup 김 카카오", RulesAllauth: "signup kim.space", RulesLenient: "signup 김 카카오"}},
}

func TestRulesCaseByCase(t *testing.T) {
	for _, rules := range AllRules {
		for _, tc := range ruleCases {
			t.Run(string(rules)+"/"+tc.name, func(t *testing.T) {
				db := openTest(t, newClock())
				if tc.setup != nil {
					tc.setup(t, db, rules)
				}
				before, _ := db.CountUsers(testCtx(t))
				l := tc.login
				l.Rules = rules
				d := record(t, db, l)
				if d.Rules != rules {
					t.Errorf("decision rules = %q, want %q", d.Rules, rules)
				}
				checkDecision(t, d, tc.want[rules])
				after, _ := db.CountUsers(testCtx(t))
				if grew := after - before; d.Result == ResultSignup && grew != 1 || d.Result != ResultSignup && grew != 0 {
					t.Errorf("%s stored %d users", d.Result, grew)
				}
			})
		}
	}
}

// checkDecision compares d with a want string (see want).
func checkDecision(t *testing.T, d Decision, w string) {
	t.Helper()
	f := strings.Fields(w)
	if string(d.Result) != f[0] {
		t.Fatalf("decision %+v, want %s", d, w)
	}
	switch d.Result {
	case ResultConflict:
		status := 0
		if d.Response != nil {
			status = d.Response.Status
		}
		if got := fmt.Sprintf("conflict %s %d", d.Reason, status); got != w {
			t.Errorf("decision %s (%s), want %s", got, d.Message, w)
		}
	default:
		nick := strings.Join(f[1:], " ")
		if strings.HasPrefix(nick, "/") {
			if !regexp.MustCompile(strings.Trim(nick, "/")).MatchString(d.User.Nickname) {
				t.Errorf("nickname %q, want one matching %s", d.User.Nickname, nick)
			}
		} else if d.User.Nickname != nick {
			t.Errorf("nickname %q, want %q (warnings %q)", d.User.Nickname, nick, d.Warnings)
		}
		if d.Response != nil {
			t.Errorf("a %s has a response: %+v", d.Result, d.Response)
		}
	}
}
