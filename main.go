// Command kakaologin runs the Kakao Login flow from the command line.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/kakaologin/kakaologin/cmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cmd.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
