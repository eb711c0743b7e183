// Command cchc is the analytics warehouse for Vietnam's administrative
// reform: it ingests index scores into one DuckDB file, builds SQL models
// and renders rankings, comparisons and charts. This package is the only
// place that wires the other packages together.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
