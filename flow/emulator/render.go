package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// selection is a parsed property_keys parameter. "kakao_account." (or
// "kakao_account") selects all children of kakao_account; "kakao_account.email"
// selects the email consent group (email, flags, verification); "id" is
// always included.
type selection struct {
	whole map[string]bool // top-level names selected entirely
	tops  map[string]bool // top-level names with something selected
	keys  map[string]bool // "parent.child" selectors
}

var errPropertyKeys = errors.New(`property_keys must be a JSON array of strings such as ["kakao_account.email"]`)

// parseSelection parses property_keys; "" or [] means no restriction (nil).
func parseSelection(s string) (*selection, error) {
	if s == "" {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal([]byte(s), &list); err != nil || list == nil {
		return nil, errPropertyKeys
	}
	if len(list) == 0 {
		return nil, nil
	}
	sel := &selection{whole: map[string]bool{}, tops: map[string]bool{}, keys: map[string]bool{}}
	for _, k := range list {
		parent, child, dotted := strings.Cut(k, ".")
		sel.tops[parent] = true
		switch {
		case !dotted || child == "":
			sel.whole[parent] = true
		default:
			sel.keys[k] = true
		}
	}
	return sel, nil
}

// child reports whether the member n of the top-level object parent is selected.
func (s *selection) child(parent string, n *node) bool {
	if s.whole[parent] {
		return true
	}
	if len(n.selectBy) == 0 {
		return s.keys[parent+"."+n.name]
	}
	for _, name := range n.selectBy {
		if s.keys[parent+"."+name] {
			return true
		}
	}
	return false
}

// view is one rendering of a user's template.
type view struct {
	granted   []bool
	sel       *selection // nil: everything
	secure    bool       // secure_resource=true
	connected []byte     // encoded connected_at value
}

// render appends the /v2/user/me JSON for template top to b.
func (v *view) render(b []byte, top []node) []byte {
	b = append(b, '{')
	n := 0
	for i := range top {
		nd := &top[i]
		if v.sel != nil && nd.name != "id" && !v.sel.tops[nd.name] {
			continue
		}
		b, n = v.member(b, n, nd, nd.name, 0)
	}
	return append(b, '}')
}

// member appends nd as the n-th member of the current object, unless consent
// or selection drop it, and returns the new member count. parent is the
// top-level name nd lives under (selection applies to depth 1 only).
func (v *view) member(b []byte, n int, nd *node, parent string, depth int) ([]byte, int) {
	if len(nd.items) > 0 && !v.anyGranted(nd.items) {
		return b, n
	}
	if depth == 1 && v.sel != nil && !v.sel.child(parent, nd) {
		return b, n
	}
	mark := len(b)
	if n > 0 {
		b = append(b, ',')
	}
	b = append(b, nd.key...)
	switch nd.kind {
	case leafNode:
		if v.secure && nd.image && bytes.HasPrefix(nd.value, []byte(`"http://`)) {
			b = append(b, `"https://`...)
			b = append(b, nd.value[len(`"http://`):]...)
		} else {
			b = append(b, nd.value...)
		}
	case flagNode:
		if nd.flagItem < len(v.granted) && v.granted[nd.flagItem] {
			b = append(b, "false"...)
		} else {
			b = append(b, "true"...)
		}
	case connectedNode:
		b = append(b, v.connected...)
	case objectNode:
		b = append(b, '{')
		k := 0
		for i := range nd.children {
			b, k = v.member(b, k, &nd.children[i], parent, depth+1)
		}
		if k == 0 && len(nd.children) > 0 {
			return b[:mark], n // everything inside was filtered out
		}
		b = append(b, '}')
	}
	return b, n + 1
}

func (v *view) anyGranted(items []int) bool {
	for _, i := range items {
		if i < len(v.granted) && v.granted[i] {
			return true
		}
	}
	return false
}
