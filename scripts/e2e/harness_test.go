package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/devserver/chromium"
	"github.com/gcpace/gcpace/scripts/sim"
)

// testTimeout bounds one test's browser: when it passes, the browser is killed
// and every helper fails.
var testTimeout = 2 * time.Minute

// waitTimeout bounds one wait of a helper (waitTestID, waitAttr, ...).
var waitTimeout = 20 * time.Second

var webDir = func() string {
	dir, err := filepath.Abs("../../web")
	if err != nil {
		panic(err)
	}
	return dir
}()

func TestMain(m *testing.M) {
	if _, err := os.Stat(filepath.Join(webDir, "gcpace.wasm")); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %s/gcpace.wasm is missing: run make build first\n", webDir)
		os.Exit(1)
	}
	if _, err := os.Stat(chromium.ExecPath); err != nil {
		if _, err := exec.LookPath("chromium"); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: no chromium: run scripts/ensure-chromium.sh (make test does)")
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// startStack serves the built page and a simulator with simOpts on two
// loopback origins, with config.json asking for grant ("implicit" or "pkce").
// It stops when the test ends.
func startStack(t *testing.T, simOpts sim.Options, grant string) *devserver.Dev {
	t.Helper()
	return startStackWith(t, devserver.Options{Sim: simOpts, Grant: grant})
}

// startStackWith is startStack with every devserver option (extra config.json
// fields, window length, ...). WebDir defaults to the built page.
func startStackWith(t *testing.T, o devserver.Options) *devserver.Dev {
	t.Helper()
	if o.WebDir == "" {
		o.WebDir = webDir
	}
	d, err := devserver.Start(o)
	if err != nil {
		t.Fatalf("starting the page and the simulator: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// newBrowser starts a headless Chromium with its own fresh profile for this
// test and returns the context of its tab. The browser dies after testTimeout
// or when the test ends. Everything the page writes to the console is kept
// (see consoleOf); when the test ends, it fails if the console shows a
// Content-Security-Policy violation or anything like a token, and on failure
// it logs the console and saves a screenshot.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	ctx, cancelTimeout := context.WithTimeout(context.Background(), testTimeout)
	actx, cancelAlloc := chromium.NewAllocator(ctx, chromedp.WindowSize(1280, 900))
	bctx, cancelBrowser := chromedp.NewContext(actx)
	log := &consoleLog{}
	bctx = context.WithValue(bctx, consoleKey{}, log)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	log.collect(bctx)
	t.Cleanup(func() { // runs before the browser is cancelled
		checkConsole(t, log.messages())
		if t.Failed() {
			for _, m := range log.messages() {
				t.Logf("console: %s (%s)", m, m.URL)
			}
			saveScreenshot(t, bctx)
		}
	})
	return bctx
}

type consoleKey struct{}

// consoleLog keeps the console messages of one tab, in order.
type consoleLog struct {
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
}

func (l *consoleLog) collect(ctx context.Context) {
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			l.mu.Lock()
			l.msgs = append(l.msgs, m)
			l.mu.Unlock()
		}
	}()
}

func (l *consoleLog) messages() []chromedp.ConsoleMessage {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), l.msgs...)
}

// consoleOf returns what the tab of ctx (from newBrowser) wrote to its console
// so far: console API calls, uncaught exceptions and browser log entries
// (failed loads, CSP violations).
func consoleOf(ctx context.Context) []chromedp.ConsoleMessage {
	if l, ok := ctx.Value(consoleKey{}).(*consoleLog); ok {
		return l.messages()
	}
	return nil
}

// waitConsole waits until a console message of the tab contains substr, and
// returns it.
func waitConsole(t *testing.T, ctx context.Context, substr string) chromedp.ConsoleMessage {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		for _, m := range consoleOf(ctx) {
			if strings.Contains(m.Text, substr) {
				return m
			}
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %q in the console", waitTimeout, substr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// consoleSecrets are shapes of credentials that no console line may carry.
var consoleSecrets = regexp.MustCompile(`(?i)access_token=|code_verifier=|[?&#]code=[^&\s]|Bearer\s+[A-Za-z0-9._~+/=-]{8,}`)

func checkConsole(t *testing.T, msgs []chromedp.ConsoleMessage) {
	for _, m := range msgs {
		text := strings.ToLower(m.Text)
		if strings.Contains(text, "content security policy") {
			t.Errorf("CSP violation in the console: %s", m)
		}
		if s := consoleSecrets.FindString(m.Text); s != "" {
			t.Errorf("the console shows something like a credential (%q): %s", s, m)
		}
	}
}

// assertNoTokenInConsole fails the test if any of tokens appears in any console
// message so far. newBrowser already refuses token-shaped lines; this checks
// the actual values a test knows (the simulator's tokens, a forged one).
func assertNoTokenInConsole(t *testing.T, ctx context.Context, tokens ...string) {
	t.Helper()
	for _, m := range consoleOf(ctx) {
		for _, tok := range tokens {
			if tok != "" && strings.Contains(m.Text, tok) {
				t.Errorf("a token is in the console: %s", m)
			}
		}
	}
}

func saveScreenshot(t *testing.T, ctx context.Context) {
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	name := filepath.Join(os.TempDir(), "gcpace-e2e-"+strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())+".png")
	if err := os.WriteFile(name, png, 0o644); err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s", name)
}
