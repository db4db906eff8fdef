#!/usr/bin/env bash
# Compares the start-up of `kakaologin version` with a Cobra binary that
# links the same four dependencies (cobra, pkg/browser, x/oauth2 and
# modernc.org/sqlite) and does nothing else, side by side. Prints both
# times and their ratio, and exits 1 when the ratio is above the floor.
#
# Usage: scripts/bench-startup.sh [RUNS]     (default 1000 runs each)
#   FLOOR=1.15   the highest acceptable ratio kakaologin / baseline
#
# The ratio is of median wall times, from a small Go timer that runs the
# two in turn. When hyperfine is installed (apt-get install -y hyperfine),
# its side-by-side view is shown too; it runs one binary's runs, then the
# other's, so a shared machine's changing load skews it more.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1000}"
floor="${FLOOR:-1.15}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

CGO_ENABLED=0 go build -o "$tmp/kakaologin" .

# The baseline: its own module, with the project's requirements (the
# module cache has them), so both link the same versions.
mkdir "$tmp/baseline-src"
sed 's/^module .*/module startupbaseline/' go.mod >"$tmp/baseline-src/go.mod"
cp go.sum "$tmp/baseline-src/"
cat >"$tmp/baseline-src/main.go" <<'EOF'
// The start-up baseline: Cobra, with pkg/browser, x/oauth2 and
// modernc.org/sqlite linked in (reachable from commands that never run).
package main

import (
	"database/sql"
	"fmt"
	"os"

	"github.com/pkg/browser"
	"github.com/spf13/cobra"
	"golang.org/x/oauth2"
	_ "modernc.org/sqlite"
)

func main() {
	root := &cobra.Command{Use: "baseline", SilenceErrors: true, SilenceUsage: true}
	root.AddCommand(
		&cobra.Command{Use: "version", RunE: func(c *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(c.OutOrStdout(), "baseline dev")
			return err
		}},
		&cobra.Command{Use: "open", RunE: func(c *cobra.Command, args []string) error {
			cfg := oauth2.Config{ClientID: "x", Endpoint: oauth2.Endpoint{AuthURL: "http://127.0.0.1/oauth/authorize"}}
			return browser.OpenURL(cfg.AuthCodeURL("state", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		}},
		&cobra.Command{Use: "db", RunE: func(c *cobra.Command, args []string) error {
			db, err := sql.Open("sqlite", args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			return db.Ping()
		}},
	)
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
EOF
(cd "$tmp/baseline-src" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$tmp/baseline" .)

"$tmp/kakaologin" version >/dev/null
"$tmp/baseline" version >/dev/null
ls -l "$tmp/kakaologin" "$tmp/baseline" | awk '{printf "%-12s %6.1f MB\n", $NF, $5 / 1048576}' | sed "s#$tmp/##"

# The timer runs the two binaries in turn, run after run, so that a
# neighbour's load that comes and goes weighs on both alike, and takes
# the median wall time of each.
mkdir "$tmp/timer-src"
printf 'module timer\n\ngo 1.22\n' >"$tmp/timer-src/go.mod"
cat >"$tmp/timer-src/main.go" <<'EOF'
// timer N BIN...: runs "BIN version" for each BIN in turn, N times, and
// prints each one's median wall time in seconds, on one line.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"time"
)

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	bins := os.Args[2:]
	times := make([][]time.Duration, len(bins))
	for i := range n {
		for k := range bins {
			j := k
			if i%2 == 1 { // ABBA: neither always goes first
				j = len(bins) - 1 - k
			}
			start := time.Now()
			if err := exec.Command(bins[j], "version").Run(); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			times[j] = append(times[j], time.Since(start))
		}
	}
	for j := range bins {
		slices.Sort(times[j])
		fmt.Print(times[j][n/2].Seconds(), " ")
	}
	fmt.Println()
}
EOF
(cd "$tmp/timer-src" && go build -o "$tmp/timer" .)
times=$("$tmp/timer" "$runs" "$tmp/baseline" "$tmp/kakaologin")
read -r base ours <<<"$times"
if command -v hyperfine >/dev/null; then # its view too: on a quiet machine, the same
  hyperfine -N --warmup 20 --runs 100 "$tmp/baseline version" "$tmp/kakaologin version" 2>/dev/null |
    sed -n "s#$tmp/##g; /Time\|Benchmark\|faster/p"
fi
awk -v n="$runs" -v b="$base" -v o="$ours" -v f="$floor" 'BEGIN {
  r = o / b
  printf "start-up, median of %d runs each: baseline %.2f ms, kakaologin version %.2f ms, ratio %.2fx (floor %.2fx)\n", n, b * 1000, o * 1000, r, f
  exit r > f
}'
