package cmd

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestWriteJSONKeepsNumbersAndOrder(t *testing.T) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, []byte(`{"z":1376016924429759243,"a":[1.50,"x"]}`), false); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"z\": 1376016924429759243,\n  \"a\": [\n    1.50,\n    \"x\"\n  ]\n}\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

func TestColorizeOnlyAddsColour(t *testing.T) {
	doc := []byte(`{"key":"va\"l: ue","n":-1.5e3,"t":true,"f":false,"z":null,"arr":[{"k":"v"}],"s":"한국어"}`)
	var plain, colored bytes.Buffer
	writeJSON(&plain, doc, false)
	writeJSON(&colored, doc, true)
	if colored.String() == plain.String() {
		t.Fatal("no colour added")
	}
	if got := ansi.ReplaceAllString(colored.String(), ""); got != plain.String() {
		t.Errorf("colour changed the text:\n%s\nvs\n%s", got, plain.String())
	}
	if !strings.Contains(colored.String(), ansiKey+`"key"`+ansiReset) || !strings.Contains(colored.String(), ansiString+`"va\"l: ue"`+ansiReset) {
		t.Errorf("keys and strings not told apart: %q", colored.String())
	}
}

func TestColorOnlyOnTerminalWithoutNoColor(t *testing.T) {
	for _, tc := range []struct {
		tty, noColor, want bool
	}{{true, false, true}, {true, true, false}, {false, false, false}} {
		s := &IOStreams{OutTTY: tc.tty, NoColor: tc.noColor}
		if s.ColorOut() != tc.want {
			t.Errorf("tty=%v NO_COLOR=%v: ColorOut=%v", tc.tty, tc.noColor, s.ColorOut())
		}
	}
}

func TestWriteDataTableFlattensInOrder(t *testing.T) {
	var out bytes.Buffer
	doc := json.RawMessage(`{"z":1376016924429759243,"a":{"b":"x y","c":null},"l":[true,{"k":1}],"e":{},"n":[]}`)
	if err := writeData(&IOStreams{Out: &out}, "table", doc); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		rows = append(rows, strings.Join(strings.Fields(line), " "))
	}
	want := []string{"KEY VALUE", "z 1376016924429759243", "a.b x y", "a.c -", "l.0 true", "l.1.k 1", "e {}", "n []"}
	if strings.Join(rows, "|") != strings.Join(want, "|") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
}
