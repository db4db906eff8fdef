package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	stdio "io"
	"strconv"

	"github.com/spf13/cobra"
)

// outputFlag is the --output flag every command that prints data shares:
// json or table, default json when stdout is not a terminal and table when
// it is.
type outputFlag struct{ value string }

func (o *outputFlag) register(c *cobra.Command) {
	c.Flags().StringVarP(&o.value, "output", "o", "", "json or table (default: table on a terminal, json otherwise)")
}

// format resolves the flag against the streams (--jq means json), and
// readies the streams for it: Out lays tables out for the terminal. A bad
// value, or a table with --jq, is a usage error.
func (o *outputFlag) format(io *IOStreams) (string, error) {
	if err := io.useJQ(); err != nil { // explain parses --jq only now
		return "", err
	}
	format := o.value
	switch format {
	case "json":
		return format, nil
	case "table":
		if io.jqActive() {
			return "", usageErrorf(fmt.Errorf("--jq prints JSON: it does not go with --output table"))
		}
	case "":
		if io.jqActive() || !io.OutTTY {
			return "json", nil
		}
		format = "table"
	default:
		return "", usageErrorf(fmt.Errorf("--output %q: want json or table", o.value))
	}
	io.useTable()
	return format, nil
}

// writeData prints v as JSON, or with format "table" as one KEY VALUE row
// per leaf, nested keys joined with dots (kakao_account.email) and array
// items numbered, in the document's own key order.
func writeData(io *IOStreams, format string, v any) error {
	if format != "table" {
		return writeValue(io.Out, v, io.ColorOut())
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	t := newTable(true, column{name: "KEY"}, column{name: "VALUE"})
	if err := flatten(dec, "", t); err != nil {
		return err
	}
	_, err := stdio.Copy(io.Out, t)
	return err
}

// flatten adds the rows of the next JSON value under key prefix.
func flatten(dec *json.Decoder, prefix string, t *table) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch tok := tok.(type) {
	case json.Delim:
		empty := true
		for i := 0; dec.More(); i++ {
			empty = false
			key := strconv.Itoa(i)
			if tok == '{' {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key = k.(string)
			}
			if err := flatten(dec, join(key), t); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return err
		}
		if empty {
			t.addRow(sanitize(prefix), map[json.Delim]string{'{': "{}", '[': "[]"}[tok])
		}
	case nil:
		t.addRow(sanitize(prefix), "-")
	default:
		t.addRow(sanitize(prefix), sanitize(fmt.Sprint(tok)))
	}
	return nil
}
