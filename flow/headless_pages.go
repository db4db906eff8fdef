package flow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"
)

// HeadlessOption says how FollowAuthorize plays the person on the
// emulator's login and consent pages.
type HeadlessOption func(*person)

// person is what a headless login does on the emulator's pages.
type person struct {
	decline []string
	asked   []func(item string) // told each item a consent page lists
}

// Decline makes FollowAuthorize untick these optional consent items on
// the emulator's consent page, as a person who declines them would. An
// item the page does not ask about is ignored (NewDeclining tells which);
// a required one is an error wrapping ErrRequiredItem.
func Decline(items ...string) HeadlessOption {
	return NewDeclining(items...).Option()
}

// Declining is Decline that tells afterwards which items were not asked
// about. Kakao asks only for what the user has not consented to yet, so an
// item the user consented to before, or one the app does not configure,
// is never on the consent page, and declining it does nothing.
type Declining struct {
	items []string
	mu    sync.Mutex
	asked []string // the items a consent page listed
}

// NewDeclining declines items; pass its Option to FollowAuthorize.
func NewDeclining(items ...string) *Declining {
	return &Declining{items: slices.Clone(items)}
}

// Option is the HeadlessOption that declines d's items and records which
// of them the consent page lists.
func (d *Declining) Option() HeadlessOption {
	return func(p *person) {
		p.decline = append(p.decline, d.items...)
		p.asked = append(p.asked, d.ask)
	}
}

func (d *Declining) ask(item string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if slices.Contains(d.items, item) && !slices.Contains(d.asked, item) {
		d.asked = append(d.asked, item)
	}
}

// NotAsked returns, in the order given, the items no consent page listed:
// after FollowAuthorize, all of them when the login showed no consent page
// (the user had consented before, or the server approved at once), else
// those the page did not ask about. It is nil when every item was asked.
func (d *Declining) NotAsked() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var not []string
	for _, it := range d.items {
		if !slices.Contains(d.asked, it) && !slices.Contains(not, it) {
			not = append(not, it)
		}
	}
	return not
}

// ErrRequiredItem is wrapped by FollowAuthorize's error when Decline names
// an item the consent page marks as required: no person could decline it.
var ErrRequiredItem = errors.New("a required consent item cannot be declined")

// emulatorMarker names the meta tag that marks the emulator's pages.
const emulatorMarker = "kakaologin-emulator"

// maxPageSteps bounds the forms one login submits: the account page
// (perhaps twice) and the consent page.
const maxPageSteps = 4

// playPages plays the person on the emulator's pages, from the page in
// body (the answer to resp), as opts say: on the account page the user login_hint
// pre-filled, else the page's default user; on the consent page the
// items as ticked, minus p.decline, then Agree (or Cancel for a user
// whose switch cancels). It submits each form as a browser would and
// ends as FollowAuthorize does once the browser leaves for the callback.
func playPages(ctx context.Context, client *http.Client, resp *http.Response, body []byte, opts ...HeadlessOption) error {
	var p person
	for _, o := range opts {
		o(&p)
	}
	pageURL := resp.Request.URL
	for range maxPageSteps {
		pg, err := parsePage(body)
		if err != nil {
			return fmt.Errorf("authorize: read the emulator's page: %w", err)
		}
		f, values, err := p.choose(pg)
		if err != nil {
			return fmt.Errorf("authorize: %w", err)
		}
		action, err := pageURL.Parse(f.action)
		if err != nil || action.Host != pageURL.Host {
			return fmt.Errorf("authorize: the %s page posts to %q, not to the emulator", pg.step, f.action)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, action.String(), strings.NewReader(values.Encode()))
		if err != nil {
			return fmt.Errorf("authorize: %w", err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "text/html")
		req.Header.Set("Origin", pageURL.Scheme+"://"+pageURL.Host)
		next, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("authorize: %w", err)
		}
		body, _ = io.ReadAll(io.LimitReader(next.Body, 1<<20))
		next.Body.Close()
		if next.Request.URL.Host != pageURL.Host {
			return callbackAnswered(next)
		}
		if !isEmulatorPage(body) {
			if err := koePageError(next.StatusCode, body); err != nil {
				return err
			}
			return fmt.Errorf("authorize: %w", unexpected(ServerAuth, next.StatusCode, next.Header, body, "the emulator's page answered unexpectedly"))
		}
		pageURL = next.Request.URL
	}
	return fmt.Errorf("authorize: still on the emulator's pages after %d forms", maxPageSteps)
}

// callbackAnswered is how a login that left the authorize pages ends: the
// callback server answered 200, or 400 with the reason (which the login
// reports); anything else means the redirect went somewhere it does not
// serve.
func callbackAnswered(resp *http.Response) error {
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadRequest {
		at := *resp.Request.URL
		at.RawQuery = "" // the code is a secret
		return fmt.Errorf("authorize: the redirect to %s answered HTTP %d: is the redirect URI the one the callback server listens on?", at.Redacted(), resp.StatusCode)
	}
	if resp.Header.Get(ignoredHeader) == "ignored" {
		return fmt.Errorf("authorize: %w", ErrStateMismatch)
	}
	return nil
}

// choose picks the form to submit on pg and its values.
func (p person) choose(pg *page) (*form, url.Values, error) {
	switch pg.step {
	case "account":
		if pg.problem != "" {
			return nil, nil, &AuthError{Status: http.StatusOK, Err: "login page", Code: pg.problemCode, Description: pg.problem}
		}
		if f := pg.form("account-login"); f != nil {
			if v := f.values(nil); strings.TrimSpace(v.Get("login_id")) != "" {
				return f, v, nil
			}
		}
		f := pg.form("account-chooser")
		if f == nil || len(f.buttons) == 0 {
			return nil, nil, errors.New("the emulator's account page lists no user to pick")
		}
		pick := f.buttons[0]
		for _, b := range f.buttons {
			if has(b.attrs, "data-kakaologin-default") {
				pick = b
				break
			}
		}
		return f, f.values(pick), nil
	case "consent":
		f := pg.form("consent")
		if f == nil {
			return nil, nil, errors.New("the emulator's consent page has no consent form")
		}
		for _, in := range f.inputs {
			item := in.attrs["data-kakaologin-item"]
			if item == "" {
				continue
			}
			for _, ask := range p.asked {
				ask(item)
			}
			if slices.Contains(p.decline, item) && has(in.attrs, "data-kakaologin-required") {
				return nil, nil, fmt.Errorf("%w: %s", ErrRequiredItem, item)
			}
			if slices.Contains(p.decline, item) {
				in.checked = false
			}
		}
		action := "agree"
		if has(f.attrs, "data-kakaologin-cancels") {
			action = "cancel"
		}
		for _, b := range f.buttons {
			if b.attrs["data-kakaologin-action"] == action {
				return f, f.values(b), nil
			}
		}
		return nil, nil, fmt.Errorf("the emulator's consent page has no %s button", action)
	}
	return nil, nil, fmt.Errorf("the emulator showed a %q page, which this version cannot play", pg.step)
}

// page is one of the emulator's pages, as far as a headless login reads it.
type page struct {
	step        string // the kakaologin-emulator marker: account or consent
	forms       []*form
	problem     string // the account page's error under the id field
	problemCode string
}

func (pg *page) form(kind string) *form {
	for _, f := range pg.forms {
		if f.attrs["data-kakaologin"] == kind {
			return f
		}
	}
	return nil
}

// form is a form of the page: where it posts and its controls.
type form struct {
	action  string
	attrs   map[string]string
	inputs  []*control
	buttons []*control
}

// control is an input or a submit button.
type control struct {
	typ, name, value  string
	checked, disabled bool
	attrs             map[string]string
}

// values is what a browser submits for f when button is clicked: enabled
// named inputs (checkboxes only when ticked), then the button's name.
func (f *form) values(button *control) url.Values {
	v := url.Values{}
	for _, in := range f.inputs {
		if in.name == "" || in.disabled || in.typ == "checkbox" && !in.checked {
			continue
		}
		v.Add(in.name, in.value)
	}
	if button != nil && button.name != "" {
		v.Add(button.name, button.value)
	}
	return v
}

// isEmulatorPage reports whether body carries the emulator's marker.
func isEmulatorPage(body []byte) bool {
	if !bytes.Contains(body, []byte(emulatorMarker)) {
		return false
	}
	pg, err := parsePage(body)
	return err == nil && pg.step != ""
}

// parsePage reads the marker, the forms and the account page's problem.
func parsePage(body []byte) (*page, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	pg := &page{}
	var cur *form
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := attrMap(n)
			switch {
			case n.Data == "meta" && a["name"] == emulatorMarker:
				pg.step = a["content"]
			case n.Data == "form":
				cur = &form{action: a["action"], attrs: a}
				pg.forms = append(pg.forms, cur)
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
				cur = nil
				return
			case n.Data == "input" && cur != nil:
				_, checked := a["checked"]
				_, disabled := a["disabled"]
				cur.inputs = append(cur.inputs, &control{typ: strings.ToLower(a["type"]), name: a["name"], value: a["value"],
					checked: checked, disabled: disabled, attrs: a})
			case n.Data == "button" && cur != nil && (a["type"] == "" || strings.EqualFold(a["type"], "submit")):
				cur.buttons = append(cur.buttons, &control{typ: "submit", name: a["name"], value: a["value"], attrs: a})
			}
			if code, ok := a["data-kakaologin-error"]; ok {
				pg.problem, pg.problemCode = strings.Join(strings.Fields(textOf(n)), " "), code
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return pg, nil
}

func attrMap(n *html.Node) map[string]string {
	m := make(map[string]string, len(n.Attr))
	for _, a := range n.Attr {
		m[a.Key] = a.Val
	}
	return m
}

func has(attrs map[string]string, name string) bool {
	_, ok := attrs[name]
	return ok
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
