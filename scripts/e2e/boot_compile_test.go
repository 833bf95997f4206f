package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/sim"
)

// beforePage runs src in every document the tab of ctx loads from now on,
// before the page's own scripts (as an extension or an older browser would
// change what the page finds).
func beforePage(t *testing.T, ctx context.Context, src string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}))
	if err != nil {
		t.Fatalf("adding a script before the page's: %v", err)
	}
}

// workerStarted reports whether the worker (compile.js) compiled the module:
// boot.js marks the worker's start from the times it posts back.
const workerStarted = `performance.getEntriesByName("gcpace:worker-started").length > 0`

// TestBootCompileFallbacks: the worker (compile.js) fetches and compiles the
// module; when it cannot start (the constructor throws, as under a policy
// that refuses it, or its script fails to load, reported by an error event)
// the page compiles the module itself. Each time the Go program starts (the
// signed-out page shows its sign-in button).
func TestBootCompileFallbacks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before string
		worker bool // the worker compiled the module
	}{
		{name: "worker", worker: true},
		{
			name:   "worker fails to start",
			before: `(() => { const W = Worker; window.Worker = function (u, o) { return new W("no-such-worker.js", o); }; })();`,
		},
		{
			name:   "workers refused",
			before: `window.Worker = function () { throw new DOMException("refused", "SecurityError"); };`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := startStack(t, sim.Options{Seed: 1, IVRs: 5}, "implicit")
			ctx := newBrowser(t)
			if tc.before != "" {
				beforePage(t, ctx, tc.before)
			}
			navigate(t, ctx, d.PageURL)
			waitVisible(t, ctx, testID("sign-in"))
			if got := evalJS[bool](t, ctx, workerStarted); got != tc.worker {
				t.Errorf("a worker compiled the module: %v, want %v", got, tc.worker)
			}
		})
	}
}
