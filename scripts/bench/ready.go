package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/devserver/chromium"
	"github.com/gcpace/gcpace/scripts/sim"
)

// readyTarget is issue 5's budget: interactive and signed in within 300 ms
// of navigation, on loopback.
const readyTarget = 300 * time.Millisecond

// loads are navigation-to-ready times in headless Chromium.
type loads struct {
	Cold   []time.Duration // the signed-in page, HTTP cache disabled
	Warm   []time.Duration // the signed-in page, cache on (304s, compiled-code cache)
	Static []time.Duration // baseline: a static page without wasm, cache disabled

	ColdSteps []timeline // each cold load's marks and resources
}

// markReady runs in every new document before its own scripts. It notes
// performance.now() (milliseconds since navigation started) the moment the
// page sets data-ready="1" (signed in, IVR list loaded), so that polling from
// Go adds nothing to the time measured. Injected scripts are not subject to
// the page's Content-Security-Policy.
const markReady = `new MutationObserver(() => {
  if (document.documentElement.dataset.ready === "1" && window.__gcpaceReadyAt === undefined) {
    window.__gcpaceReadyAt = performance.now();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-ready"]});`

// staticPage is the baseline: same server, same headers, no wasm.
var staticPage = map[string]string{
	"index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>static</title>` +
		`<script src="ready.js" defer></script></head><body><p>static</p></body></html>`,
	"ready.js": `document.documentElement.dataset.ready = "1";`,
}

// readyTimes signs in once for real (implicit grant against the simulator),
// then reloads the page n times with the cache disabled and n times with it
// on, and loads the static baseline n times.
func readyTimes(webDir string, n int) (loads, error) {
	return readyTimesProfiled(webDir, n, 0)
}

// readyTimesProfiled is readyTimes, then, when top > 0, one more cold load
// under V8's sampling profiler whose top functions it prints (build the wasm
// without -s to see Go's names).
func readyTimesProfiled(webDir string, n, top int) (loads, error) {
	var out loads
	if _, err := os.Stat(chromium.ExecPath); err != nil {
		return out, fmt.Errorf("no %s (scripts/ensure-chromium.sh installs it)", chromium.ExecPath)
	}
	app, err := devserver.Start(devserver.Options{WebDir: webDir, Sim: sim.Options{Seed: 1}})
	if err != nil {
		return out, err
	}
	defer app.Close()
	staticDir, err := os.MkdirTemp("", "gcpace-bench-static-")
	if err != nil {
		return out, err
	}
	defer os.RemoveAll(staticDir)
	for name, body := range staticPage {
		if err := os.WriteFile(filepath.Join(staticDir, name), []byte(body), 0o644); err != nil {
			return out, err
		}
	}
	static, err := devserver.Start(devserver.Options{WebDir: staticDir})
	if err != nil {
		return out, err
	}
	defer static.Close()

	bctx, stop, err := readyBrowser(3 * time.Minute)
	if err != nil {
		return out, err
	}
	defer stop()
	// The real sign-in, once: the session it leaves in sessionStorage is what
	// every reload below starts from.
	pageURL, err := signInOnce(bctx, app.PageURL)
	if err != nil {
		return out, err
	}
	for _, run := range []struct {
		url      string
		noCache  bool
		into     *[]time.Duration
		signedIn bool
		steps    *[]timeline
	}{
		{pageURL, true, &out.Cold, true, &out.ColdSteps},
		{pageURL, false, &out.Warm, true, nil},
		{static.PageURL, true, &out.Static, false, nil},
	} {
		for range n {
			d, err := load(bctx, run.url, run.noCache)
			if err != nil {
				return out, err
			}
			*run.into = append(*run.into, d)
			if run.steps != nil {
				s, err := chromedp.Run(bctx, chromedp.Evaluate[string](readTimeline))
				if err != nil {
					return out, fmt.Errorf("reading the load's timeline: %w", err)
				}
				t, err := parseTimeline(s)
				if err != nil {
					return out, fmt.Errorf("reading the load's timeline: %w", err)
				}
				*run.steps = append(*run.steps, t)
			}
		}
		if run.signedIn {
			if u, _ := chromedp.Run(bctx, chromedp.Evaluate[string]("location.href")); u != pageURL {
				return out, fmt.Errorf("the reloads left the signed-in page for %s", u)
			}
		}
	}
	if top > 0 {
		if err := startProfile(bctx); err != nil {
			return out, err
		}
		d, err := load(bctx, pageURL, true)
		fmt.Printf("\n== one more cold load, profiled: ready at %d ms (%v)\n", d.Milliseconds(), err)
		stopProfile(bctx, top)
	}
	return out, nil
}

// load navigates to url and returns the page's own navigation-to-ready time.
func load(ctx context.Context, url string, noCache bool) (time.Duration, error) {
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: noCache})
		return err
	}), chromedp.Navigate(url))
	if err != nil {
		return 0, fmt.Errorf("loading %s: %w", url, err)
	}
	return waitReady(ctx)
}

// waitReady polls for the time markReady noted, for at most 20 s.
func waitReady(ctx context.Context) (time.Duration, error) {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64]("window.__gcpaceReadyAt ?? -1"))
		if err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond)), nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return 0, errors.New("the page did not set data-ready=\"1\" within 20 s")
}

// stats are the median, minimum and maximum of ds.
func stats(ds []time.Duration) (median, lo, hi time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0, 0, 0
	}
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return m, s[0], s[len(s)-1]
}

// p90 is the 90th percentile of ds (nearest rank).
func p90(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, (len(s)*9+9)/10-1)]
}

// printLoadSpread adds what a median hides on a shared machine: the p90 of
// each kind of load and the machine's load average while they ran.
func printLoadSpread(ld loads) {
	fmt.Printf("  p90: cache disabled %d ms, cache on %d ms, static %d ms; load average %s\n",
		p90(ld.Cold).Milliseconds(), p90(ld.Warm).Milliseconds(), p90(ld.Static).Milliseconds(), loadAverage())
}

// readyBrowser starts headless Chromium for page loads: the network domain
// on (the cache switch needs it) and markReady in every new document.
func readyBrowser(limit time.Duration) (context.Context, func(), error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	actx, cancelAlloc := chromium.NewAllocator(ctx)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	stop := func() { cancelBrowser(); cancelAlloc(); cancel() }
	err := chromedp.Do(bctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: markReady})
		return err
	}))
	if err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting chromium: %w", err)
	}
	return bctx, stop, nil
}

// signInOnce signs in for real (implicit grant against the simulator) at
// pageURL and returns the signed-in page's address, which reloads start from.
func signInOnce(bctx context.Context, pageURL string) (string, error) {
	signInURL := pageURL + "?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.com&gcTargetEnv=prod&gcLangTag=en-us"
	if err := chromedp.Do(bctx, chromedp.Navigate(signInURL), chromedp.Click(chromedp.CSS(`[data-testid="sign-in"]`), chromedp.NodeVisible)); err != nil {
		return "", fmt.Errorf("signing in at %s: %w", pageURL, err)
	}
	if _, err := waitReady(bctx); err != nil {
		return "", fmt.Errorf("signing in at %s: %w", pageURL, err)
	}
	return chromedp.Run(bctx, chromedp.Evaluate[string]("location.href"))
}
