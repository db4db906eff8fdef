package emulator

import "strings"

// nodeKind says how a template node's value is produced at request time.
type nodeKind uint8

const (
	leafNode      nodeKind = iota // raw value as given
	flagNode                      // *_needs_agreement: true unless the item is granted
	objectNode                    // object whose children are filtered
	connectedNode                 // connected_at: the connection time
)

// node is one member of a user's /v2/user/me template: the user's JSON
// pre-split in source order, with each value tagged by the configured
// consent items that own it, so a request only walks and copies bytes.
type node struct {
	name     string
	key      []byte // `"name":`
	kind     nodeKind
	value    []byte // leafNode
	items    []int  // configured owners; the value is kept if any is granted; nil = always
	flagItem int    // flagNode
	image    bool   // rewritten to https by secure_resource
	children []node // objectNode
	selectBy []string
}

func newNode(name string, kind nodeKind) node {
	return node{name: name, key: append(appendString(nil, name), ':'), kind: kind}
}

// buildTemplate turns u into the nodes of its /v2/user/me response for the
// app's consent items. "_emulator" is already gone; connected_at is added
// after id when missing.
func (c *consentSet) buildTemplate(u *User) []node {
	var out []node
	hasConnected := false
	for _, m := range u.members {
		if m.key == "connected_at" {
			hasConnected = true
		}
	}
	for _, m := range u.members {
		switch {
		case m.key == "connected_at":
			out = append(out, newNode(m.key, connectedNode))
		case m.key == "kakao_account" && isObject(m.value):
			n := newNode(m.key, objectNode)
			n.children = c.buildAccount(m.value)
			out = append(out, n)
		case m.key == "properties" && isObject(m.value):
			n := newNode(m.key, objectNode)
			n.children = buildChildren(m.value, c.props)
			out = append(out, n)
		case isObject(m.value):
			n := newNode(m.key, objectNode)
			n.children = buildChildren(m.value, nil)
			out = append(out, n)
		default:
			n := newNode(m.key, leafNode)
			n.value = m.value
			out = append(out, n)
		}
		if m.key == "id" && !hasConnected {
			out = append(out, newNode("connected_at", connectedNode))
		}
	}
	return out
}

// buildAccount builds kakao_account: data of unconfigured items is dropped,
// and a configured item's missing needs_agreement flag is inserted before
// its first data key so the flag is always there when data could be.
func (c *consentSet) buildAccount(raw []byte) []node {
	ms, _ := parseObject(raw) // validated by ParseUsers
	present := make(map[string]bool, len(ms))
	for _, m := range ms {
		present[m.key] = true
	}
	var out []node
	emitted := make(map[int]bool)
	addFlags := func(items []int) {
		for _, idx := range items {
			flag := groupOf(c.items[idx].ID).flag
			if !emitted[idx] && !present[flag] {
				out = append(out, c.flag(flag, idx))
				emitted[idx] = true
			}
		}
	}
	for _, m := range ms {
		if o, ok := c.flags[m.key]; ok {
			if len(o.items) > 0 {
				out = append(out, c.flag(m.key, o.items[0]))
				emitted[o.items[0]] = true
			}
			continue
		}
		var n node
		if m.key == "profile" && isObject(m.value) {
			n = newNode(m.key, objectNode)
			n.children = buildChildren(m.value, c.profile)
			if len(n.children) == 0 {
				continue
			}
			for _, ch := range n.children {
				addFlags(ch.items)
			}
		} else {
			o := c.account[m.key]
			if o.owned && len(o.items) == 0 {
				continue
			}
			addFlags(o.items)
			n = newNode(m.key, leafNode)
			n.value, n.items = m.value, o.items
			if strings.HasPrefix(m.key, "has_") {
				n.items = nil // "has an email" is shown whether or not consented
			}
		}
		n.selectBy = c.selectBy[m.key]
		out = append(out, n)
	}
	return out
}

func (c *consentSet) flag(name string, idx int) node {
	n := newNode(name, flagNode)
	n.flagItem = idx
	n.selectBy = c.selectBy[name]
	return n
}

// buildChildren builds the members of a nested object; owners (may be nil)
// ties keys to consent items.
func buildChildren(raw []byte, owners map[string]ownership) []node {
	ms, _ := parseObject(raw)
	var out []node
	for _, m := range ms {
		o := owners[m.key]
		if o.owned && len(o.items) == 0 {
			continue
		}
		n := newNode(m.key, leafNode)
		n.value, n.items = m.value, o.items
		n.image = owners != nil && isImageKey(m.key)
		out = append(out, n)
	}
	return out
}
