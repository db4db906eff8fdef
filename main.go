// Command kakaologin runs the Kakao Login flow from the command line.
package main

import (
	"context"
	"os"

	"github.com/kakaologin/kakaologin/cmd"
)

func main() {
	ctx, stop := cmd.SignalContext(context.Background())
	code := cmd.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
