// Command gen writes a synthetic module for concurlint's growth check:
//
//	go run ./bench/_cmd/gen -size 4 -o /tmp/synth4
//
// The directory is created if missing; see package synth for what the
// module holds.
//
// It lives in bench/_cmd, which the go command's ./... skips, so that
// `go install ./...` (what pre-commit's golang hooks run in this
// repository) installs concurlint alone; build it by its path.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/concurlint/concurlint/bench/synth"
)

func main() {
	size := flag.Int("size", 1, "size factor (1 is about 3,600 functions)")
	out := flag.String("o", "", "output directory (required)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -o is required")
		os.Exit(2)
	}
	err := os.MkdirAll(*out, 0o755)
	if err == nil {
		err = synth.Write(*out, *size)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
