package emulator

import (
	"maps"
	"slices"
	"sync"
)

// group says where one consent item's data lives in a /v2/user/me response
// (Kakao's REST API docs): its needs_agreement flag and data keys in
// kakao_account, kakao_account.profile and properties.
type group struct {
	flag       string
	account    []string // includes the deprecated has_* flag, shown whenever the item is configured
	profile    []string
	properties []string
}

var (
	nicknameProfile = []string{"nickname", "is_default_nickname"}
	imageProfile    = []string{"profile_image_url", "thumbnail_image_url", "is_default_image"}
	nicknameProps   = []string{"nickname"}
	imageProps      = []string{"profile_image", "thumbnail_image"}
)

// knownGroups are the consent items whose keys don't follow the generic
// pattern "<item>_needs_agreement", "has_<item>", "<item>". Built on first
// use: every kakaologin command links the emulator, few run it.
var knownGroups = sync.OnceValue(func() map[string]group {
	return map[string]group{
		"profile_nickname": {flag: "profile_nickname_needs_agreement", profile: nicknameProfile, properties: nicknameProps},
		"profile_image":    {flag: "profile_image_needs_agreement", profile: imageProfile, properties: imageProps},
		"profile": { // the legacy combined item
			flag:       "profile_needs_agreement",
			profile:    slices.Concat(nicknameProfile, imageProfile),
			properties: slices.Concat(nicknameProps, imageProps),
		},
		"account_email": {flag: "email_needs_agreement", account: []string{"has_email", "email", "is_email_valid", "is_email_verified"}},
		"birthday":      {flag: "birthday_needs_agreement", account: []string{"has_birthday", "birthday", "birthday_type", "is_leap_month"}},
		"account_ci":    {flag: "ci_needs_agreement", account: []string{"ci", "ci_authenticated_at"}},
	}
})

// genericItems are the other documented kakao_account items; each owns
// "<item>_needs_agreement", "has_<item>" and "<item>".
var genericItems = []string{"name", "gender", "age_range", "birthyear", "phone_number",
	"legal_name", "legal_birth_date", "legal_gender", "is_korean"}

// KnownConsentItems returns, sorted, the consent item IDs the emulator
// knows: those whose /v2/user/me keys, consent page names and scope types
// follow Kakao's documentation. An app may configure other IDs too (Kakao
// has more items, and apps name service items of their own): such an item
// is shown on the consent page by its ID and owns the keys
// "<item>_needs_agreement", "has_<item>" and "<item>" of kakao_account.
func KnownConsentItems() []string {
	ids := slices.Concat(slices.Collect(maps.Keys(knownGroups())), genericItems, slices.Collect(maps.Keys(scopeNames())))
	slices.Sort(ids)
	return slices.Compact(ids)
}

// isImageKey reports whether key's value is rewritten to https by
// secure_resource=true.
func isImageKey(key string) bool {
	switch key {
	case "profile_image_url", "thumbnail_image_url", "profile_image", "thumbnail_image":
		return true
	}
	return false
}

// groupOf returns the group of any consent item, known or not.
func groupOf(item string) group {
	if g, ok := knownGroups()[item]; ok {
		return g
	}
	return group{flag: item + "_needs_agreement", account: []string{"has_" + item, item}}
}

// ownership says which consent items own a key. A key owned only by items
// the app has not configured is never emitted; a key nobody owns (custom
// properties, for_partner, ...) always is.
type ownership struct {
	owned bool
	items []int // indices into consentSet.items of configured owners
}

// consentSet maps response keys to the app's configured consent items. It is
// built once in New and read-only afterwards.
type consentSet struct {
	items    []ConsentItem
	index    map[string]int
	flags    map[string]ownership // kakao_account flag key
	account  map[string]ownership // kakao_account key
	profile  map[string]ownership // kakao_account.profile key
	props    map[string]ownership // properties key
	selectBy map[string][]string  // kakao_account key -> keys whose property_keys selection includes it
}

// newConsentSet indexes the known consent items and the app's items.
func newConsentSet(items []ConsentItem) *consentSet {
	c := &consentSet{
		items: items, index: make(map[string]int),
		flags: make(map[string]ownership), account: make(map[string]ownership),
		profile: make(map[string]ownership), props: make(map[string]ownership),
		selectBy: make(map[string][]string),
	}
	for i, it := range items {
		c.index[it.ID] = i
	}
	all := slices.Concat(slices.Sorted(maps.Keys(knownGroups())), genericItems)
	for _, it := range items {
		if !slices.Contains(all, it.ID) {
			all = append(all, it.ID)
		}
	}
	for _, id := range all {
		idx, configured := c.index[id]
		if !configured {
			idx = -1
		}
		g := groupOf(id)
		own(c.flags, idx, g.flag)
		own(c.account, idx, g.account...)
		own(c.profile, idx, g.profile...)
		own(c.props, idx, g.properties...)
		names := append([]string{g.flag}, g.account...)
		if len(g.profile) > 0 {
			names = append(names, "profile")
		}
		for _, n := range names {
			for _, m := range names {
				if !slices.Contains(c.selectBy[n], m) {
					c.selectBy[n] = append(c.selectBy[n], m)
				}
			}
		}
	}
	return c
}

// own records that item idx (-1: known but not configured) owns keys.
func own(m map[string]ownership, idx int, keys ...string) {
	for _, k := range keys {
		o := m[k]
		o.owned = true
		if idx >= 0 && !slices.Contains(o.items, idx) {
			o.items = append(o.items, idx)
		}
		m[k] = o
	}
}

// grant returns the consent granted when u connects (on top of prev):
// every required item and every optional item u doesn't decline. Required
// items can't be declined (use "cancel" instead). The result is indexed
// like c.items.
func (c *consentSet) grant(u *User, prev []bool) []bool {
	g := make([]bool, len(c.items))
	copy(g, prev)
	for i, it := range c.items {
		if it.Required || !slices.Contains(u.decline, it.ID) {
			g[i] = true
		}
	}
	return g
}

// scopes lists the granted item IDs, sorted.
func (c *consentSet) scopes(granted []bool) []string {
	var s []string
	for i, ok := range granted {
		if ok {
			s = append(s, c.items[i].ID)
		}
	}
	slices.Sort(s)
	return s
}

// ids lists the configured item IDs in configuration order.
func (c *consentSet) ids() []string {
	s := make([]string, len(c.items))
	for i, it := range c.items {
		s[i] = it.ID
	}
	return s
}
