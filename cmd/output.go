package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	stdio "io"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

// outputFlag is the --output flag every command that prints data shares:
// json or table, default json when stdout is not a terminal and table when
// it is.
type outputFlag struct{ value string }

func (o *outputFlag) register(c *cobra.Command) {
	c.Flags().StringVarP(&o.value, "output", "o", "", "json or table (default: table on a terminal, json otherwise)")
}

// format resolves the flag against the streams; a bad value is a usage error.
func (o *outputFlag) format(io *IOStreams) (string, error) {
	switch o.value {
	case "json", "table":
		return o.value, nil
	case "":
		if io.OutTTY {
			return "table", nil
		}
		return "json", nil
	}
	return "", usageErrorf(fmt.Errorf("--output %q: want json or table", o.value))
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
	tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tVALUE")
	if err := flatten(dec, "", tw); err != nil {
		return err
	}
	return tw.Flush()
}

// flatten writes the rows of the next JSON value under key prefix.
func flatten(dec *json.Decoder, prefix string, w stdio.Writer) error {
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
	switch t := tok.(type) {
	case json.Delim:
		empty := true
		for i := 0; dec.More(); i++ {
			empty = false
			key := strconv.Itoa(i)
			if t == '{' {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key = k.(string)
			}
			if err := flatten(dec, join(key), w); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return err
		}
		if empty {
			fmt.Fprintf(w, "%s\t%s\n", sanitize(prefix), map[json.Delim]string{'{': "{}", '[': "[]"}[t])
		}
	case nil:
		fmt.Fprintf(w, "%s\t-\n", sanitize(prefix))
	default:
		fmt.Fprintf(w, "%s\t%s\n", sanitize(prefix), sanitize(fmt.Sprint(t)))
	}
	return nil
}
