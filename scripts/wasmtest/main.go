// Command wasmtest runs a GOOS=js GOARCH=wasm test binary in headless Chromium,
// so that code using the DOM is tested in a real browser. It is a go test -exec
// wrapper, like Go's own go_js_wasm_exec for Node:
//
//	go build -o /tmp/wasmtest ./scripts/wasmtest
//	GOOS=js GOARCH=wasm go test -exec=/tmp/wasmtest ./wasm/ui/...
//
// It serves the binary, wasm_exec.js and a harness page on 127.0.0.1, runs the
// page in Chromium, copies what the test writes to its own stdout and stderr,
// and exits with the test's exit code. Arguments after the binary reach the test
// as its os.Args. The browser has no file system: a test cannot read testdata
// or write a profile there. Environment variables named GCPACE_* or WASMTEST_*,
// GODEBUG and GOTRACEBACK are passed on; no others. (go test never caches the
// result of a test run through -exec.)
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: wasmtest TEST-BINARY [ARGS...]")
		os.Exit(2)
	}
	if _, err := os.Stat(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "wasmtest:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	args := os.Args[1:] // the program's argv: the binary, then its arguments
	ctx, cancel := context.WithTimeout(ctx, deadline(args))
	defer cancel()

	code, err := run(ctx, os.Args[1], args, testEnv(os.Environ()))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmtest:", err)
		if code == 0 {
			code = 1
		}
	}
	cancel()
	stop()
	os.Exit(code)
}

// deadline is how long wasmtest waits for the program: its -test.timeout plus
// a minute, so that the test's own timeout, which prints every goroutine,
// fires first.
func deadline(args []string) time.Duration {
	d := 10 * time.Minute
	for _, a := range args[1:] {
		v, ok := strings.CutPrefix(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "test.timeout=")
		if !ok {
			continue
		}
		if t, err := time.ParseDuration(v); err == nil {
			d = t
			if t == 0 {
				d = 24 * time.Hour
			}
		}
	}
	return d + time.Minute
}

// testEnv picks the environment variables that reach the program.
func testEnv(environ []string) map[string]string {
	env := map[string]string{}
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if k == "GODEBUG" || k == "GOTRACEBACK" ||
			strings.HasPrefix(k, "GCPACE_") || strings.HasPrefix(k, "WASMTEST_") {
			env[k] = v
		}
	}
	return env
}
