package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/devserver/chromium"
)

var (
	//go:embed harness.html
	harnessHTML []byte
	//go:embed harness.js
	harnessJS []byte
)

// mark starts every console.debug call of harness.js meant for wasmtest.
const mark = "\x00wasmtest"

// run serves the test binary, runs it in a new headless Chromium, and returns
// its exit code.
func run(ctx context.Context, binary string, argv []string, env map[string]string) (int, error) {
	execJS, err := wasmExecJS()
	if err != nil {
		return 0, err
	}
	runJSON, err := json.Marshal(map[string]any{"argv": argv, "env": env})
	if err != nil {
		return 0, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	srv := &http.Server{Handler: harness(binary, execJS, runJSON)}
	go srv.Serve(ln)
	defer srv.Close()

	actx, cancelAlloc := chromium.NewAllocator(ctx)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	messages := chromedp.Console(bctx) // starts the browser; subscribed before the page loads
	url := "http://" + ln.Addr().String() + "/"
	if _, err := chromedp.Call(bctx, page.Navigate, page.NavigateParams{URL: url}); err != nil {
		return 0, fmt.Errorf("starting chromium: %w", err)
	}

	out := map[int64]io.Writer{1: os.Stdout, 2: os.Stderr}
	for m, err := range messages {
		if err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return 1, errors.New("the test did not exit in time (no -test.timeout panic either); is a js.FuncOf callback blocking?")
			}
			return 1, err
		}
		kind, args, ok := harnessReport(m)
		if !ok {
			if m.Type != chromedp.ConsoleDebug && m.Type != chromedp.ConsoleInfo {
				fmt.Fprintf(os.Stderr, "wasmtest: browser %s\n", m)
			}
			continue
		}
		switch kind {
		case "write":
			fd, text := numArg(args, 0), strArg(args, 1)
			if w := out[fd]; w != nil {
				io.WriteString(w, text)
			}
		case "exit":
			return int(numArg(args, 0)), nil
		case "fail":
			return 1, fmt.Errorf("running the test binary in chromium: %s", strArg(args, 0))
		}
	}
	return 1, errors.New("chromium went away before the test exited")
}

// harness serves the page that runs the test binary.
func harness(binary string, execJS, runJSON []byte) http.Handler {
	mux := http.NewServeMux()
	static := func(path, ctype string, body []byte) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Cache-Control", "no-store")
			w.Write(body)
		})
	}
	static("/{$}", "text/html; charset=utf-8", harnessHTML)
	static("/harness.js", "text/javascript; charset=utf-8", harnessJS)
	static("/wasm_exec.js", "text/javascript; charset=utf-8", execJS)
	static("/run.json", "application/json", runJSON)
	mux.HandleFunc("GET /test.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("Cache-Control", "no-store")
		http.ServeFile(w, r, binary)
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

// wasmExecJS reads the wasm_exec.js of the Go that built the test: $GOROOT,
// else what `go env GOROOT` says (go test puts its own go first in PATH).
func wasmExecJS() ([]byte, error) {
	root := os.Getenv("GOROOT")
	if root == "" {
		b, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			return nil, fmt.Errorf("finding GOROOT: %w", err)
		}
		root = strings.TrimSpace(string(b))
	}
	return os.ReadFile(filepath.Join(root, "lib", "wasm", "wasm_exec.js"))
}

// harnessReport tells whether m is a report of harness.js, and splits it.
func harnessReport(m chromedp.ConsoleMessage) (kind string, args []*runtime.RemoteObject, ok bool) {
	if m.Type != chromedp.ConsoleDebug || len(m.Args) < 2 || strArg(m.Args, 0) != mark {
		return "", nil, false
	}
	return strArg(m.Args, 1), m.Args[2:], true
}

func strArg(args []*runtime.RemoteObject, i int) string {
	var s string
	if i < len(args) && args[i].Type == runtime.RemoteObjectTypeString {
		json.Unmarshal(args[i].Value, &s)
	}
	return s
}

func numArg(args []*runtime.RemoteObject, i int) int64 {
	var n float64
	if i < len(args) && args[i].Type == runtime.RemoteObjectTypeNumber {
		json.Unmarshal(args[i].Value, &n)
	}
	return int64(n)
}
