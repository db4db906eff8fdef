#!/usr/bin/env bash
# Compares the start-up of `kakaologin version` with a Cobra binary that
# links the same four dependencies (cobra, pkg/browser, x/oauth2 and
# modernc.org/sqlite) and does nothing else, side by side. Prints both
# times and their ratio, and exits 1 when the ratio is above the floor.
#
# Usage: scripts/bench-startup.sh [RUNS]     (default 300 runs each)
#   FLOOR=1.15   the highest acceptable ratio kakaologin / baseline
#
# Times with hyperfine when installed (apt-get install -y hyperfine: the
# median of each round), else with a timed shell loop (the mean of each
# round). Five rounds, the binaries alternated.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-300}"
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

# Rounds alternate the two binaries, so that a neighbour's load that comes
# and goes weighs on both; the round with the median ratio is the result.
rounds=5
per=$(( (runs + rounds - 1) / rounds ))
: >"$tmp/rounds"
for round in $(seq "$rounds"); do
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 20 --runs "$per" --export-csv "$tmp/times.csv" \
      "$tmp/baseline version" "$tmp/kakaologin version" >/dev/null 2>&1
    # CSV columns: command,mean,stddev,median,...: the medians, in seconds.
    read -r b o < <(awk -F, 'NR == 2 {b = $4} NR == 3 {o = $4} END {print b, o}' "$tmp/times.csv")
  else
    for bin in baseline kakaologin; do
      s=$(date +%s%N)
      for _ in $(seq "$per"); do "$tmp/$bin" version >/dev/null; done
      echo $(( $(date +%s%N) - s ))
    done | paste -sd' ' >"$tmp/loop"
    read -r b o < <(awk -v n="$per" '{print $1 / n / 1e9, $2 / n / 1e9}' "$tmp/loop")
  fi
  awk -v i="$round" -v b="$b" -v o="$o" 'BEGIN {printf "round %d: baseline %.2f ms, kakaologin %.2f ms, ratio %.2fx\n", i, b * 1000, o * 1000, o / b}'
  echo "$(awk -v b="$b" -v o="$o" 'BEGIN {print o / b}') $b $o" >>"$tmp/rounds"
done
read -r _ base ours < <(sort -g "$tmp/rounds" | awk '{r[NR] = $0} END {print r[int((NR + 1) / 2)]}')
awk -v b="$base" -v o="$ours" -v f="$floor" 'BEGIN {
  r = o / b
  printf "start-up (median round): baseline %.2f ms, kakaologin version %.2f ms, ratio %.2fx (floor %.2fx)\n", b * 1000, o * 1000, r, f
  exit r > f
}'
