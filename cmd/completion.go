package cmd

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/localdb"
)

// Shell completion (kakaologin completion bash|zsh|fish|powershell): the
// script the shell loads calls `kakaologin __complete ARGS...`, and cobra
// answers from the functions registered here. They are registered only
// for that call (see newCmdRootFor): no other run pays for them.
//
// A flag's values are completed by its name, on every command that has it
// (one name, one concept); positional arguments by command. Nothing
// completes to file names unless it takes a file.

// completing reports whether args are a completion request from a shell.
func completing(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

// registerCompletions adds the completion functions to the tree under
// root, built for f.
func registerCompletions(f *Factory, root *cobra.Command) {
	noFiles := cobra.ShellCompDirectiveNoFileComp
	root.CompletionOptions.DefaultShellCompDirective = &noFiles
	flagValues := map[string]cobra.CompletionFunc{
		"output":       outputValues,
		"rules":        completeRules,
		"prompt":       list(promptValues),
		"backend-send": fixed("access_token\tthe backend fetches the profile with it (default)", "code\tthe backend exchanges the code itself", "id_token\tasks for openid, sends the ID token and the access token"),
		"scope":        list(consentItems),
		"consent":      list(slices.DeleteFunc(slices.Clone(consentItems), func(s string) bool { return strings.HasPrefix(s, "openid\t") })),
		"fault":        completeFault,
		"login-hint":   completeLoginHint,
		"redirect-uri": fixed(flow.DefaultRedirectURI + "\tthe default; register it for the key"),
		"auth-url":     fixed(flow.DefaultAuthURL+"\tKakao", "http://127.0.0.1:8735\tkakaologin mock"),
		"api-url":      fixed(flow.DefaultAPIURL+"\tKakao", "http://127.0.0.1:8735\tkakaologin mock"),
		"addr":         fixed("127.0.0.1:8735\tthe default", "127.0.0.1:0\ta free port"),
		"provider":     fixed("kakao", "google", "naver", "apple"),
	}
	for _, name := range fileFlags {
		flagValues[name] = files
	}
	argValues := map[string]cobra.CompletionFunc{
		"kakaologin explain":      completeErrorCode,
		"kakaologin users show":   completeUserKey(f),
		"kakaologin users delete": completeUserKey(f),
		"kakaologin users record": files,
		"kakaologin users import": files,
		"kakaologin mock":         afterDash,
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if fn, ok := argValues[c.CommandPath()]; ok {
			c.ValidArgsFunction = fn
		}
		c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
			if fn, ok := flagValues[fl.Name]; ok {
				c.RegisterFlagCompletionFunc(fl.Name, fn)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

var outputValues = fixed("json\tone JSON document (the default off a terminal)", "table\taligned columns (the default on a terminal)")

// fileFlags are the flags whose value is a file.
var fileFlags = []string{"test-users", "signing-key", "ready-file", "db"}

// files completes file names, as the shell does by default.
func files(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveDefault
}

// afterDash completes mock's -- CMD ARGS... as the shell would, and
// nothing before --.
func afterDash(c *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if c.ArgsLenAtDash() >= 0 {
		return nil, cobra.ShellCompDirectiveDefault
	}
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// fixed completes one of values ("value\tdescription").
func fixed(values ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

// list completes a comma separated list of values: the item after the
// last comma, without the items already given, and no space after it so
// that another comma can follow.
func list(values []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		cut := strings.LastIndex(toComplete, ",") + 1
		done := flow.SplitList(toComplete[:cut])
		var out []cobra.Completion
		for _, v := range values {
			name, _, _ := strings.Cut(v, "\t")
			if !slices.Contains(done, name) {
				out = append(out, toComplete[:cut]+v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// promptValues are the values of login's prompt parameter (validPrompts).
var promptValues = []string{
	"login\tlog in again, even with a Kakao session",
	"none\tno login or consent page: an error if one is needed",
	"create\tstart at the Kakao Account sign-up page",
	"select_account\tchoose among the Kakao Accounts logged in",
	"cert\tlog in with a Kakao certificate",
}

// consentItems are Kakao's consent item IDs, as /v2/user/scopes names
// them, and openid, which asks for an id_token.
var consentItems = []string{
	"profile_nickname\tnickname",
	"profile_image\tprofile image",
	"account_email\temail",
	"name\tname",
	"gender\tgender",
	"age_range\tage range",
	"birthday\tbirthday",
	"birthyear\tbirth year",
	"phone_number\tphone number",
	"account_ci\tCI (connecting information)",
	"shipping_address\tshipping address",
	"talk_message\tsend Kakao Talk messages",
	"friends\tKakao Talk friends",
	"talk_chats\tKakao Talk chat list",
	"profile\tnickname and profile image (the older combined item)",
	"openid\tOpenID Connect: an id_token",
}

func completeRules(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	about := map[localdb.Rules]string{
		localdb.RulesSeed:    "django-allauth 0.51 + dj-rest-auth, unique email and nickname",
		localdb.RulesAllauth: "stock django-allauth 65",
		localdb.RulesLenient: "a backend without the seed's bugs",
	}
	var out []cobra.Completion
	for _, r := range localdb.AllRules {
		d := about[r]
		if r == localdb.DefaultRules {
			d += " (default)"
		}
		out = append(out, cobra.CompletionWithDesc(string(r), d))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// faultTargets are what mock --fault TARGET:ACTION can target by name.
var faultTargets = []string{"authorize", "token", "tokeninfo", "discovery", "jwks", "me", "access_token_info",
	"logout", "unlink", "scopes", "revoke_scopes", "ids", "userinfo", "memo"}

// completeFault completes a fault's TARGET: (the ACTION is a Kakao code,
// a status, malformed or latency: too many to list).
func completeFault(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if strings.Contains(toComplete, ":") {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	out := make([]cobra.Completion, len(faultTargets))
	for i, t := range faultTargets {
		out[i] = t + ":"
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// completeErrorCode completes explain's CODE from the catalogue: one
// code, and none with --list. explain parses its own flags (see
// NewCmdExplain), so cobra hands them over as arguments: --output's value
// is completed here too.
func completeErrorCode(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if n := len(args); n > 0 && (args[n-1] == "-o" || args[n-1] == "--output") {
		return outputValues(c, args, toComplete)
	}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-o" || a == "--output":
			i++ // its value
		case a == "--list" || !strings.HasPrefix(a, "-") || isAPICodeArg(a):
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
	}
	var out []cobra.Completion
	for _, e := range flow.Catalog() {
		out = append(out, cobra.CompletionWithDesc(e.Code, sanitize(fitCell(e.Meaning, 60, fitCut)[0])))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
