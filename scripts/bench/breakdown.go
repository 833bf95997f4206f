package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/sim"
)

// readyOnly is -ready: only the page's time to ready, with the breakdown.
var readyOnly = flag.Bool("ready", false, "only the page's navigation-to-ready times, with a breakdown of where they go (no wasm size)")

// timeline is one load's steps, in milliseconds since navigation started:
// the document's own timing, boot.js's and main.go's gcpace: marks, and
// every resource the page fetched (the worker's gcpace.wasm is in the marks).
type timeline struct {
	Marks     map[string]float64 `json:"marks"`
	Resources []resource         `json:"resources"`
}

type resource struct {
	Name  string  `json:"name"`
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

// readTimeline is evaluated once the page is ready.
const readTimeline = `(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const marks = {
    "html": nav.responseEnd,
    "dom-content-loaded": nav.domContentLoadedEventEnd,
    "ready": window.__gcpaceReadyAt,
  };
  const seen = {};
  for (const m of performance.getEntriesByType("mark")) {
    if (!m.name.startsWith("gcpace:") || m.startTime > marks.ready) continue;
    const n = (seen[m.name] = (seen[m.name] || 0) + 1);
    marks[m.name.slice(7) + (n > 1 ? " #" + n : "")] = m.startTime;
  }
  const resources = performance.getEntriesByType("resource").map(r => ({name: r.name, start: r.startTime, end: r.responseEnd}));
  return JSON.stringify({marks, resources});
})()`

func parseTimeline(s string) (timeline, error) {
	var t timeline
	err := json.Unmarshal([]byte(s), &t)
	return t, err
}

// step is one line of the breakdown: a mark's median time, or a resource's
// median start and end.
type step struct {
	name       string
	start, end []float64
}

// printBreakdown prints, over the loads, the median time of every mark and
// of every resource's start and end, in the order they happen.
func printBreakdown(ts []timeline) {
	if len(ts) == 0 {
		return
	}
	fmt.Printf("\n== where the time to ready goes: medians over %d loads (cache disabled), ms since navigation\n", len(ts))
	steps := map[string]*step{}
	add := func(name string, start, end float64) {
		s, ok := steps[name]
		if !ok {
			s = &step{name: name}
			steps[name] = s
		}
		s.start = append(s.start, start)
		s.end = append(s.end, end)
	}
	for _, t := range ts {
		for name, at := range t.Marks {
			add(name, at, at)
		}
		seen := map[string]int{}
		for _, r := range t.Resources {
			name := resourceName(r.Name)
			seen[name]++
			if n := seen[name]; n > 1 {
				name = fmt.Sprintf("%s #%d", name, n)
			}
			add(name, r.Start, r.End)
		}
	}
	list := make([]*step, 0, len(steps))
	for _, s := range steps {
		list = append(list, s)
	}
	slices.SortFunc(list, func(a, b *step) int {
		if c := compareFloat(median(a.start), median(b.start)); c != 0 {
			return c
		}
		return compareFloat(median(a.end), median(b.end))
	})
	for _, s := range list {
		st, en := median(s.start), median(s.end)
		seen := ""
		if len(s.start) < len(ts) {
			seen = fmt.Sprintf("  (in %d of %d loads)", len(s.start), len(ts))
		}
		if en == st {
			fmt.Printf("  %7.1f          %s%s\n", st, s.name, seen)
			continue
		}
		if en < st {
			// A dedicated worker's script: the browser fetches it as the
			// worker is created, and the worker's own request (the entry's
			// start) only takes that answer once the worker thread runs.
			fmt.Printf("  %7.1f → %7.1f  %s (answered %.1f ms before the worker asked)%s\n", st, en, s.name, st-en, seen)
			continue
		}
		fmt.Printf("  %7.1f → %7.1f  %s (%.1f ms)%s\n", st, en, s.name, en-st, seen)
	}
}

// resourceName is a URL without its origin or query values: API calls by
// path, the page's files by name.
func resourceName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	name := u.Path
	if u.RawQuery != "" {
		q := u.Query()
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if v := q.Get("pageNumber"); v != "" {
			name += " page " + v
		} else {
			name += "?" + strings.Join(keys, "&")
		}
	}
	return "GET " + u.Host + name
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// measureReady is -ready: the load times and their breakdown.
func measureReady(webDir string, n int) {
	if *readyTraceOut != "" {
		if err := traceReady(webDir, *readyTraceOut); err != nil {
			fmt.Println("  not traced:", err)
		}
		return
	}
	if *readyAgainst != "" {
		measureReadyAgainst(append([]string{webDir}, strings.Split(*readyAgainst, ",")...), n)
		return
	}
	progress("%d page loads of each kind in headless Chromium", n)
	began := time.Now()
	ld, err := readyTimesProfiled(webDir, n, *profileTop)
	printLoads(ld, err)
	if err != nil {
		return
	}
	printLoadSpread(ld)
	printBreakdown(ld.ColdSteps)
	fmt.Printf("\nbench took %s\n", time.Since(began).Round(100*time.Millisecond))
}

// readyAgainst is -ready-vs.
var readyAgainst = flag.String("ready-vs", "", "with -ready: load these built pages too (comma-separated folders), in turns with -web's (default web/) load by load, and print each: an A/B that a busy machine slows alike")

// readySite is one built page under comparison, on its own page server and
// simulator (its own origin, so its own sessionStorage).
type readySite struct {
	name    string
	dev     *devserver.Dev
	pageURL string // signed in
	cold    []time.Duration
	steps   []timeline
}

// compareReady loads each page of dirs n times with the cache disabled,
// in turns (a, b, static, b, a, static, …: each round starts with the next
// page), after signing in to each once.
func compareReady(dirs []string, n int) ([]*readySite, []time.Duration, error) {
	var static []time.Duration
	staticDir, err := os.MkdirTemp("", "gcpace-bench-static-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(staticDir)
	for name, body := range staticPage {
		if err := os.WriteFile(filepath.Join(staticDir, name), []byte(body), 0o644); err != nil {
			return nil, nil, err
		}
	}
	staticDev, err := devserver.Start(devserver.Options{WebDir: staticDir})
	if err != nil {
		return nil, nil, err
	}
	defer staticDev.Close()
	var sites []*readySite
	defer func() {
		for _, s := range sites {
			s.dev.Close()
		}
	}()
	for _, dir := range dirs {
		dev, err := devserver.Start(devserver.Options{WebDir: dir, Sim: sim.Options{Seed: 1}})
		if err != nil {
			return nil, nil, err
		}
		sites = append(sites, &readySite{name: dir, dev: dev})
	}

	bctx, stop, err := readyBrowser(5 * time.Minute)
	if err != nil {
		return nil, nil, err
	}
	defer stop()
	for _, s := range sites {
		if s.pageURL, err = signInOnce(bctx, s.dev.PageURL); err != nil {
			return nil, nil, err
		}
	}
	for i := range n {
		// Each round starts with the next page: a load pays for tearing
		// down the page before it (a heavy one after the page, a light one
		// after the static page), so a fixed order favoured the first.
		for j := range sites {
			s := sites[(i+j)%len(sites)]
			d, err := load(bctx, s.pageURL, true)
			if err != nil {
				return nil, nil, err
			}
			s.cold = append(s.cold, d)
			js, err := chromedp.Run(bctx, chromedp.Evaluate[string](readTimeline))
			if err != nil {
				return nil, nil, fmt.Errorf("reading the load's timeline: %w", err)
			}
			t, err := parseTimeline(js)
			if err != nil {
				return nil, nil, fmt.Errorf("reading the load's timeline: %w", err)
			}
			s.steps = append(s.steps, t)
		}
		d, err := load(bctx, staticDev.PageURL, true)
		if err != nil {
			return nil, nil, err
		}
		static = append(static, d)
	}
	return sites, static, nil
}

// measureReadyAgainst is -ready -ready-vs.
func measureReadyAgainst(dirs []string, n int) {
	progress("%d cold loads of each of %d pages and of the static page, in turns, in headless Chromium", n, len(dirs))
	began := time.Now()
	sites, static, err := compareReady(dirs, n)
	if err != nil {
		fmt.Println("  not measured:", err)
		return
	}
	for _, s := range sites {
		printBreakdown(s.steps)
		fmt.Printf("  (that was %s)\n", s.name)
	}
	fmt.Println("\n== navigation → data-ready=\"1\", HTTP cache disabled, loads in turns")
	base, lo, hi := stats(static)
	for _, s := range sites {
		m, l, h := stats(s.cold)
		fmt.Printf("  %-40s median %5d ms (min %d, max %d, p90 %d, %d loads)  ÷ baseline = %.1f\n", s.name, m.Milliseconds(), l.Milliseconds(), h.Milliseconds(), p90(s.cold).Milliseconds(), len(s.cold), ratio(m, base))
	}
	fmt.Printf("  %-40s median %5d ms (min %d, max %d, %d loads)\n", "baseline: static page, no wasm", base.Milliseconds(), lo.Milliseconds(), hi.Milliseconds(), len(static))
	fmt.Printf("  load average %s; bench took %s\n", loadAverage(), time.Since(began).Round(100*time.Millisecond))
}
