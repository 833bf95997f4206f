package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/sim"
)

// readyTraceOut is -ready-trace: one cold load under Chromium's tracing,
// every thread of every process, written as a trace file (chrome://tracing
// or Perfetto open it) with a summary of each thread's busy time before
// ready. The marks and medians of -ready say when a step ends; this says
// what each thread did meanwhile (the worker's compile, the main thread's
// parse and style, the network service), which is where the waits come from.
var readyTraceOut = flag.String("ready-trace", "", "with -ready: trace one more cold load (all threads) into this file and print each thread's busy time before ready")

// traceReady signs in to webDir's page, loads it cold twice (the first warms
// the server and the browser's processes), then traces a third cold load.
func traceReady(webDir, out string) error {
	app, err := devserver.Start(devserver.Options{WebDir: webDir, Sim: sim.Options{Seed: 1}})
	if err != nil {
		return err
	}
	defer app.Close()
	bctx, stop, err := readyBrowser(2 * time.Minute)
	if err != nil {
		return err
	}
	defer stop()
	pageURL, err := signInOnce(bctx, app.PageURL)
	if err != nil {
		return err
	}
	for range 2 {
		if _, err := load(bctx, pageURL, true); err != nil {
			return err
		}
	}
	var events []json.RawMessage
	done := make(chan struct{})
	if err := chromedp.Listen(bctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			for _, v := range e.Value {
				b, _ := json.Marshal(v)
				events = append(events, b)
			}
		case *tracing.EventTracingComplete:
			close(done)
		}
	}); err != nil {
		return err
	}
	err = chromedp.Do(bctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, tracing.Start, tracing.StartParams{
			TransferMode: tracing.StartTransferModeReportEvents,
			TraceConfig: &tracing.TraceConfig{IncludedCategories: []string{
				"devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm", "disabled-by-default-v8.wasm",
				"blink", "loading", "netlog", "toplevel", "blink.user_timing", "v8.execute"}},
		})
		return err
	}))
	if err != nil {
		return err
	}
	d, err := load(bctx, pageURL, true)
	if err != nil {
		return err
	}
	// Let the trace take in the load's end, then stop it.
	time.Sleep(200 * time.Millisecond)
	if err := endTrace(bctx, done); err != nil {
		return err
	}
	b, err := json.Marshal(map[string]any{"traceEvents": events})
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("\n== one traced cold load: ready at %d ms; %d events in %s\n", d.Milliseconds(), len(events), out)
	printThreadBusy(events)
	return nil
}

// printThreadBusy prints each thread's total time in top-level events
// (nested ones not counted twice), busiest first.
func printThreadBusy(raw []json.RawMessage) {
	type event = traceEvent
	names := map[[2]int]string{}
	byThread := map[[2]int][]event{}
	for _, b := range raw {
		var e event
		if json.Unmarshal(b, &e) != nil {
			continue
		}
		k := [2]int{e.Pid, e.Tid}
		if e.Ph == "M" && e.Name == "thread_name" {
			names[k] = e.Args.Name
		}
		if e.Ph == "X" {
			byThread[k] = append(byThread[k], e)
		}
	}
	type busy struct {
		name string
		ms   float64
	}
	var list []busy
	for k, evs := range byThread {
		slices.SortFunc(evs, func(a, b event) int { return compareFloat(a.Ts, b.Ts) })
		var total, end float64
		for _, e := range evs {
			if e.Ts >= end { // top level: not inside the previous one
				total += e.Dur
				end = e.Ts + e.Dur
			} else if e.Ts+e.Dur > end {
				total += e.Ts + e.Dur - end
				end = e.Ts + e.Dur
			}
		}
		list = append(list, busy{fmt.Sprintf("%s (pid %d tid %d)", names[k], k[0], k[1]), total / 1000})
	}
	slices.SortFunc(list, func(a, b busy) int { return compareFloat(b.ms, a.ms) })
	for i, b := range list {
		if i == 20 {
			break
		}
		fmt.Printf("  %8.1f ms  %s\n", b.ms, b.name)
	}
}
