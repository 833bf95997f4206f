package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
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
  for (const m of performance.getEntriesByType("mark")) {
    if (m.name.startsWith("gcpace:") && !(m.name.slice(7) in marks)) marks[m.name.slice(7)] = m.startTime;
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
