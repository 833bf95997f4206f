package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
// it logs the console and saves a screenshot. extra adds Chromium flags
// (e.g. host-resolver-rules).
func newBrowser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	ctx, cancelTimeout := context.WithTimeout(context.Background(), testTimeout)
	actx, cancelAlloc := chromium.NewAllocator(ctx, append([]chromedp.ExecAllocatorOption{chromedp.WindowSize(1280, 900)}, extra...)...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	// The first Run of a chromedp context attaches its tab and ties the tab's
	// connection to the context that Run gets: so bctx itself, never a
	// context with a timeout (see newTab).
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	bctx = context.WithValue(bctx, browserKey{}, &browserTabs{})
	return watchTab(t, bctx, "")
}

// newTab opens another tab in the browser of ctx (a context from newBrowser
// or newTab) and returns its context. The tab shares the browser profile of
// the first tab: the same localStorage, IndexedDB, cookies, Web Locks and
// BroadcastChannel, but its own sessionStorage, as a tab a person opens. It
// gets a window of its own, so that it and the other tabs all stay visible and
// keep getting animation frames (a background tab of a shared window gets
// none, and the page's Spark components render on animation frames): tests
// switch between the tabs freely, with no need to bring one to the front. Every helper works on it, and its console
// is kept and checked like the first tab's. The tab closes when the test ends.
func newTab(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	tabs, ok := ctx.Value(browserKey{}).(*browserTabs)
	if !ok {
		t.Fatal("newTab: ctx is not a tab of newBrowser")
	}
	tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewWindow(true))
	t.Cleanup(cancel) // runs before the browser is cancelled
	// The first Run attaches the new tab and runs its connection for as long
	// as the context it gets lives. Give it the tab's own context: a first
	// Run under a helper's timeout (navigate's) would stop reading the tab's
	// messages when that timeout is cancelled, and every later command on the
	// tab would wait for a reply until the test's deadline.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a new tab: %v", err)
	}
	return watchTab(t, tab, fmt.Sprintf("tab %d", tabs.n.Add(1)+1))
}

type browserKey struct{}

// browserTabs counts the tabs that newTab opened in one browser.
type browserTabs struct{ n atomic.Int32 }

// watchTab keeps the console of the attached tab of ctx and checks it when the
// test ends; on failure it logs the console and saves a screenshot. name tells
// the tabs apart in the log ("" for the first tab).
func watchTab(t *testing.T, ctx context.Context, name string) context.Context {
	t.Helper()
	log := &consoleLog{}
	log.collect(ctx)
	ctx = context.WithValue(ctx, consoleKey{}, log)
	prefix := "console"
	if name != "" {
		prefix += " (" + name + ")"
	}
	t.Cleanup(func() { // runs before the tab or the browser is cancelled
		checkConsole(t, prefix, log.messages())
		if t.Failed() {
			for _, m := range log.messages() {
				t.Logf("%s: %s (%s)", prefix, m, m.URL)
			}
			saveScreenshot(t, ctx, name)
		}
	})
	return ctx
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

// consoleOf returns what the tab of ctx (from newBrowser or newTab) wrote to
// its console so far: console API calls, uncaught exceptions and browser log
// entries (failed loads, CSP violations).
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

func checkConsole(t *testing.T, where string, msgs []chromedp.ConsoleMessage) {
	for _, m := range msgs {
		text := strings.ToLower(m.Text)
		if strings.Contains(text, "content security policy") {
			t.Errorf("CSP violation in the %s: %s", where, m)
		}
		if s := consoleSecrets.FindString(m.Text); s != "" {
			t.Errorf("the %s shows something like a credential (%q): %s", where, s, m)
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

// saveScreenshot saves what the tab of ctx shows; name tells the tabs of one
// test apart ("" for the first tab).
func saveScreenshot(t *testing.T, ctx context.Context, name string) {
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	base := t.Name()
	if name != "" {
		base += " " + name
	}
	file := filepath.Join(os.TempDir(), "gcpace-e2e-"+strings.NewReplacer("/", "_", " ", "_").Replace(base)+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s", file)
}

// tabsTestPage counts animation frames and shows what a BroadcastChannel
// brings, to check newTab.
const tabsTestPage = `<!doctype html>
<meta charset="utf-8">
<title>tabs</title>
<p data-testid="frames">0</p>
<p data-testid="heard"></p>
<button data-testid="go" data-state="idle">Go</button>
<input data-testid="name">
<script>
  let frames = 0;
  (function tick() { document.querySelector("[data-testid=frames]").textContent = ++frames; requestAnimationFrame(tick); })();
  new BroadcastChannel("tabs").onmessage = e => document.querySelector("[data-testid=heard]").textContent = e.data;
  document.querySelector("[data-testid=go]").addEventListener("click", e => e.target.dataset.state = "clicked");
  console.log("up at " + location.search);
</script>`

// TestHarnessNewTab: a second tab shares the profile of the first (storage,
// Web Locks, BroadcastChannel), the helpers work on both tabs in turn while
// both are open, both keep rendering, and each tab's console is its own.
func TestHarnessNewTab(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(tabsTestPage))
	}))
	defer srv.Close()
	first := newBrowser(t)
	navigate(t, first, srv.URL+"/?first")
	evalJS[chromedp.Void](t, first, `localStorage.setItem("gcpace.test", "shared")`)
	second := newTab(t, first)
	navigate(t, second, srv.URL+"/?second")

	if got := storage(t, second, "local")["gcpace.test"]; got != "shared" {
		t.Errorf("localStorage of the second tab = %q, want the first tab's %q", got, "shared")
	}
	evalJS[chromedp.Void](t, first, `new Promise(held => navigator.locks.request("gcpace.test", () => { held(); return new Promise(() => {}); }))`)
	if got := evalJS[string](t, second, `navigator.locks.request("gcpace.test", {ifAvailable: true}, l => l ? "free" : "taken")`); got != "taken" {
		t.Errorf("the first tab's Web Lock is %s in the second tab", got)
	}
	evalJS[chromedp.Void](t, second, `new BroadcastChannel("tabs").postMessage("from the second tab")`)
	waitJS(t, first, "the second tab's broadcast", `document.querySelector("[data-testid=heard]").textContent === "from the second tab"`)

	for _, tab := range []context.Context{first, second, first} {
		loc := location(t, tab)
		// Both windows stay visible: frames keep coming in each tab.
		seen, _ := strconv.Atoi(textOf(t, tab, testID("frames")))
		waitJS(t, tab, "animation frames in "+loc, fmt.Sprintf("+%s.textContent > %d + 3", jsq(testID("frames")), seen))
		if vis := evalJS[string](t, tab, "document.visibilityState"); vis != "visible" {
			t.Errorf("%s: visibilityState %q", loc, vis)
		}
	}
	clickTestID(t, second, "go")
	waitAttr(t, second, testID("go"), "data-state", "clicked")
	if got := attr(t, first, testID("go"), "data-state"); got != "idle" {
		t.Errorf("a click in the second tab reached the first: data-state %q", got)
	}
	clickTestID(t, first, "go")
	waitAttr(t, first, testID("go"), "data-state", "clicked")
	// Keys reach the tab whose window does not have the focus.
	typeText(t, first, testID("name"), "Ada")
	typeText(t, second, testID("name"), "Bo")
	if a, b := evalJS[string](t, first, jsq(testID("name"))+".value"), evalJS[string](t, second, jsq(testID("name"))+".value"); a != "Ada" || b != "Bo" {
		t.Errorf("typed %q in the first tab and %q in the second, want Ada and Bo", a, b)
	}

	waitConsole(t, first, "up at ?first")
	waitConsole(t, second, "up at ?second")
	for _, m := range consoleOf(second) {
		if strings.Contains(m.Text, "?first") {
			t.Errorf("the second tab's console holds the first tab's message %q", m.Text)
		}
	}

	// A bare chromedp context is refused at once rather than left to hang.
	bare, cancel := chromedp.NewContext(first)
	defer cancel()
	if _, err := tryEval[int](bare, "1"); err == nil {
		t.Error("a helper ran on a context with no tab")
	}
}
