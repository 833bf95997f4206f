package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// profileTop is -profile: how many of the page's busiest functions to print
// per page run (0: no profile). Profiling slows the page a little; the rows
// of a profiled run are not the figures to quote.
var profileTop = new(int)

// startProfile starts V8's sampling profiler in the tab (the page's main
// thread, wasm included: build the wasm without -ldflags=-s to see Go's
// function names).
func startProfile(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, profiler.Enable, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, profiler.Start, cdp.Empty{})
		return err
	}))
}

// stopProfile stops the profiler and prints the top functions by self time
// and by total (inclusive) time.
func stopProfile(ctx context.Context, top int) {
	var prof *profiler.Profile
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, profiler.Stop, cdp.Empty{})
		if err == nil {
			prof = res.Profile
		}
		return err
	}))
	if err != nil || prof == nil {
		fmt.Println("  profile:", err)
		return
	}
	byID := map[int64]*profiler.ProfileNode{}
	parent := map[int64]int64{}
	for _, n := range prof.Nodes {
		byID[n.ID] = n
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	name := func(n *profiler.ProfileNode) string {
		if n.CallFrame == nil || n.CallFrame.FunctionName == "" {
			return "(anonymous)"
		}
		return n.CallFrame.FunctionName
	}
	self, total := map[string]time.Duration{}, map[string]time.Duration{}
	var all time.Duration
	for i, id := range prof.Samples {
		d := time.Duration(prof.TimeDeltas[i]) * time.Microsecond
		if i+1 < len(prof.TimeDeltas) {
			d = time.Duration(prof.TimeDeltas[i+1]) * time.Microsecond // a sample's time runs to the next
		}
		n := byID[id]
		if n == nil || name(n) == "(idle)" || name(n) == "(program)" {
			continue
		}
		all += d
		self[name(n)] += d
		seen := map[string]bool{}
		for x, ok := id, true; ok; x, ok = parent[x] {
			if s := name(byID[x]); !seen[s] {
				seen[s] = true
				total[s] += d
			}
		}
	}
	wall := time.Duration(prof.EndTime-prof.StartTime) * time.Microsecond
	fmt.Printf("  profile of the page's main thread: busy %s of %s\n", all.Round(time.Millisecond), wall.Round(time.Millisecond))
	for _, m := range []struct {
		what string
		d    map[string]time.Duration
	}{{"self", self}, {"total", total}} {
		names := make([]string, 0, len(m.d))
		for s := range m.d {
			names = append(names, s)
		}
		slices.SortFunc(names, func(a, b string) int { return int(m.d[b] - m.d[a]) })
		fmt.Printf("  by %s time:\n", m.what)
		for _, s := range names[:min(top, len(names))] {
			fmt.Printf("    %8s  %s\n", m.d[s].Round(100*time.Microsecond), s)
		}
	}
	names := make([]string, 0, len(total))
	for s := range total {
		if strings.Contains(s, "gcpace_wasm_pacer") || strings.Contains(s, "gcpace_wasm_journal") {
			names = append(names, s)
		}
	}
	slices.SortFunc(names, func(a, b string) int { return int(total[b] - total[a]) })
	fmt.Println("  the pacer and the journal, by total time:")
	for _, s := range names[:min(top, len(names))] {
		fmt.Printf("    %8s  %s\n", total[s].Round(100*time.Microsecond), s)
	}
}
