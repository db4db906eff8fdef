package cmd

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
)

// An unknown --consent item is a warning, not an error: Kakao has more
// items than the emulator knows and apps add service items of their own,
// and the emulator serves any ID generically (emulator.KnownConsentItems).
// A typo (acount_email) still gets a line naming what the emulator knows.

// mockConsentHelp is appended to `kakaologin mock --help`.
func mockConsentHelp() string {
	const lead = "Consent items (--consent): the emulator knows "
	return "\n\n" + lead + wrapWords(strings.Join(emulator.KnownConsentItems(), ", ")+".", len(lead), 76) + `
Any other ID is served as a custom item, with a warning: shown by its ID on
the consent page, with <item>_needs_agreement, has_<item> and <item> in
kakao_account.`
}

// parseConsent reads "profile_nickname:required,account_email".
func parseConsent(s string) ([]emulator.ConsentItem, error) {
	var items []emulator.ConsentItem
	for _, f := range flow.SplitList(s) {
		id, mode, _ := strings.Cut(f, ":")
		switch mode {
		case "", "optional":
			items = append(items, emulator.ConsentItem{ID: id})
		case "required":
			items = append(items, emulator.ConsentItem{ID: id, Required: true})
		default:
			return nil, fmt.Errorf("--consent item %q: after ':' only 'required' or 'optional' is allowed", f)
		}
	}
	return items, nil
}

// warnUnknownConsent prints one warning naming the items the emulator
// does not know, if any.
func warnUnknownConsent(w io.Writer, items []emulator.ConsentItem) {
	known := emulator.KnownConsentItems()
	var unknown []string
	for _, it := range items {
		if !slices.Contains(known, it.ID) {
			unknown = append(unknown, sanitize(it.ID))
		}
	}
	if len(unknown) == 0 {
		return
	}
	fmt.Fprintf(w, "warning: --consent %s: not a consent item the emulator knows (known: %s); served as a custom item\n",
		strings.Join(unknown, ", "), strings.Join(known, ", "))
}

// wrapWords breaks s at spaces so that no line is longer than width, the
// first line starting at column start.
func wrapWords(s string, start, width int) string {
	var b strings.Builder
	line := start
	for i, w := range strings.Fields(s) {
		if i > 0 {
			if line+1+len(w) > width {
				b.WriteString("\n")
				line = 0
			} else {
				b.WriteString(" ")
				line++
			}
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}
