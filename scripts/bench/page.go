package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/devserver/chromium"
	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/app"
)

// browserStrategy is the name of the page's row in the real-time tables.
const browserStrategy = "pacer, page in Chromium"

// watchLongTasks runs in every new document before its own scripts: it keeps
// the longest main-thread task (PerformanceObserver 'longtask', ≥ 50 ms) seen
// since window.__gcpaceLongReset() was last called.
const watchLongTasks = `window.__gcpaceLong = 0;
window.__gcpaceLongReset = () => { window.__gcpaceLong = 0; };
try {
  new PerformanceObserver(l => {
    for (const e of l.getEntries()) window.__gcpaceLong = Math.max(window.__gcpaceLong, e.duration);
  }).observe({type: "longtask", buffered: true});
} catch (e) {}
// Every PUT's fetch call and the arrival of its answer (the fetch promise
// settling), in the page's clock: the turnaround inside the page, apart from
// the network and the server. Go's wasm net/http looks fetch up per call.
window.__gcpacePuts = [];
{
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const method = ((init && init.method) || (input && input.method) || "GET").toUpperCase();
    const p = fetch0.apply(this, arguments);
    if (method === "PUT") {
      const rec = {start: performance.now(), answer: -1};
      window.__gcpacePuts.push(rec);
      const done = () => { rec.answer = performance.now(); };
      p.then(done, done);
    }
    return p;
  };
}`

// browser is one headless Chromium for every page run of a bench.
type browser struct {
	ctx    context.Context
	cancel func()
}

func startBrowser() (*browser, error) {
	if _, err := os.Stat(chromium.ExecPath); err != nil {
		return nil, fmt.Errorf("no %s (scripts/ensure-chromium.sh installs it)", chromium.ExecPath)
	}
	actx, cancelAlloc := chromium.NewAllocator(context.Background(), chromedp.WindowSize(1280, 900))
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		return nil, fmt.Errorf("starting chromium: %w", err)
	}
	return &browser{ctx: bctx, cancel: func() { cancelBrowser(); cancelAlloc() }}, nil
}

func (b *browser) close() {
	if b != nil {
		b.cancel()
	}
}

// runPage plays the real page: web/ as built, served with a fresh simulator
// of sc on two loopback origins (so every API call is a CORS request, and
// with Access-Control-Max-Age 0 every one is preflighted), in a new tab of
// b. It signs in, loads the jobs as a CSV, previews, applies, and waits
// until the simulator holds every number and the page says done.
func runPage(b *browser, webDir string, sc scenario, n int, window time.Duration) result {
	fail := func(err error) result {
		return result{Scenario: sc.Name, Strategy: browserStrategy, Clock: "real", Window: window, UIRefused: -1, Err: err.Error()}
	}
	if b == nil {
		return fail(errors.New("no browser"))
	}
	d, err := devserver.Start(devserver.Options{WebDir: webDir, Sim: sc.realOptions(window, n)})
	if err != nil {
		return fail(err)
	}
	defer d.Close()

	tab, cancelTab := chromedp.NewContext(b.ctx)
	defer cancelTab()
	ctx, cancel := context.WithTimeout(tab, runTimeout(sc, n, window))
	defer cancel()
	if err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchLongTasks})
		return err
	})); err != nil {
		return fail(fmt.Errorf("opening a tab: %w", err))
	}
	signInURL := d.PageURL + "?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.com&gcTargetEnv=prod&gcLangTag=en-us"
	if err := chromedp.Do(ctx, chromedp.Navigate(signInURL), chromedp.Click(chromedp.CSS(`[data-testid="sign-in"]`), chromedp.NodeVisible)); err != nil {
		return fail(fmt.Errorf("signing in: %w", err))
	}
	if err := waitJS(ctx, `document.documentElement.dataset.ready === "1"`); err != nil {
		return fail(fmt.Errorf("signing in: %w", err))
	}

	jobs := pickJobs(d.Sim, n)
	if err := loadCSV(ctx, jobs); err != nil {
		return fail(err)
	}
	if err := waitJS(ctx, fmt.Sprintf(`document.querySelectorAll('[data-testid="preview-row"]').length === %d`, len(jobs))); err != nil {
		return fail(fmt.Errorf("preview of %d jobs: %w", len(jobs), err))
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("window.__gcpaceLongReset()")); err != nil {
		return fail(err)
	}
	if *profileTop > 0 {
		if err := startProfile(ctx); err != nil {
			return fail(fmt.Errorf("profiling: %w", err))
		}
	}
	from := len(d.Sim.Log())
	d.Sim.AlignWindows() // the page's first request starts a window, as Node's does
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="apply"]`), chromedp.NodeVisible)); err != nil {
		return fail(fmt.Errorf("apply: %w", err))
	}
	if len(jobs) > app.AskAbove { // the page asks before a big batch
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="confirm-yes"]`), chromedp.NodeVisible)); err != nil {
			return fail(fmt.Errorf("confirming the apply: %w", err))
		}
	}
	// Watch the simulator, not the page: polling the page would take its
	// main thread, the very thing measured.
	for landed(d.Sim, jobs) < len(jobs) {
		if ctx.Err() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	state := ""
	if err := waitJS(ctx, `["done", "cancelled"].includes(document.querySelector('[data-testid="batch-status"]').dataset.state)`); err != nil {
		state = fmt.Sprintf("the page did not say done: %v", err)
	}
	if *profileTop > 0 {
		stopProfile(ctx, *profileTop)
	}
	long, _ := chromedp.Run(ctx, chromedp.Evaluate[float64]("window.__gcpaceLong"))
	type pagePut struct{ Start, Answer float64 }
	pagePuts, _ := chromedp.Run(ctx, chromedp.Evaluate[[]pagePut]("window.__gcpacePuts"))

	simStart, base := alignedBase(d.Sim)
	r := measureLog(d.Sim, sc, jobs, from, window, simStart, base)
	r.Strategy, r.Clock = browserStrategy, "real"
	r.LongTask = time.Duration(long * float64(time.Millisecond))
	var spans []span
	for _, p := range pagePuts {
		spans = append(spans, span{msDuration(p.Start), msDuration(p.Answer)})
	}
	r.PageTurns, r.PageTurn50, r.PageTurn95 = pageTurnarounds(spans, window/time.Duration(sc.Limit))
	if state != "" {
		r.Err = state
	}
	return r
}

// runTimeout bounds one run: ten times the ideal, plus room to start.
func runTimeout(sc scenario, n int, window time.Duration) time.Duration {
	ideal := sc.minimum(n, window)
	if sc.PutLatencyMax > 0 {
		ideal = max(ideal, time.Duration(n)*sc.PutLatencyMax)
	}
	return 10*ideal + time.Minute
}

// landed counts the jobs whose number the simulator's IVR holds.
func landed(s *sim.Server, jobs []job) int {
	want := map[string]string{}
	for _, j := range jobs {
		want[j.IVR] = j.Number
	}
	n := 0
	for _, v := range s.IVRs() {
		if num, ok := want[v.ID]; ok && slices.Contains(v.DNIS, num) {
			n++
		}
	}
	return n
}

// waitJS polls expr in the page every 50 ms until it is true.
func waitJS(ctx context.Context, expr string) error {
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return nil
		}
		if ctx.Err() != nil {
			if err == nil {
				err = ctx.Err()
			}
			return fmt.Errorf("waiting for %s: %w", expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func msDuration(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// span is one PUT in the page's clock: its fetch call and its answer.
type span struct{ start, answer time.Duration }

// pageTurnarounds is turnarounds inside the page: from a PUT's answer to the
// next PUT's fetch call, when the next one was due (the answer came at least
// spacing after the call).
func pageTurnarounds(puts []span, spacing time.Duration) (n int, p50, p95 time.Duration) {
	var ds []time.Duration
	for i := 1; i < len(puts); i++ {
		prev, cur := puts[i-1], puts[i]
		if prev.answer >= 0 && prev.answer-prev.start >= spacing && cur.start >= prev.answer {
			ds = append(ds, cur.start-prev.answer)
		}
	}
	if len(ds) == 0 {
		return 0, 0, 0
	}
	slices.Sort(ds)
	return len(ds), ds[len(ds)/2], ds[min(len(ds)-1, len(ds)*95/100)]
}

// loadCSV pastes one add row per job into the page's CSV box and loads it
// into the preview, as a person would.
func loadCSV(ctx context.Context, jobs []job) error {
	lines := []string{"ivr,action,number"}
	for _, j := range jobs {
		lines = append(lines, j.IVR+",add,"+j.Number)
	}
	csv, _ := json.Marshal(strings.Join(lines, "\n"))
	load := fmt.Sprintf(`(e => {
		e.value = %s;
		e.dispatchEvent(new Event("input", {bubbles: true, composed: true}));
		e.dispatchEvent(new Event("change", {bubbles: true, composed: true}));
	})(document.querySelector('[data-testid="csv-input"]'))`, csv)
	if err := chromedp.Do(ctx, chromedp.WaitReady(`[data-testid="csv-input"]`), chromedp.Evaluate[chromedp.Void](load),
		chromedp.Click(chromedp.CSS(`[data-testid="csv-load"]`), chromedp.NodeVisible)); err != nil {
		return fmt.Errorf("loading the CSV: %w", err)
	}
	return nil
}
