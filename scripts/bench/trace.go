package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// pageTrace records Chromium's timeline (GCPACE_BENCH_PROFILE=trace) and
// prints the main thread's time by event name: what a long task is made of
// (layout, style, paint, script, compile, garbage collection…), which the
// profiler's "(program)" leaves unsaid.
type pageTrace struct {
	mu     sync.Mutex
	events []json.RawMessage
	done   chan struct{}
}

func startTrace(ctx context.Context) (*pageTrace, error) {
	tr := &pageTrace{done: make(chan struct{})}
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			tr.mu.Lock()
			for _, v := range e.Value {
				b, _ := json.Marshal(v)
				tr.events = append(tr.events, b)
			}
			tr.mu.Unlock()
		case *tracing.EventTracingComplete:
			close(tr.done)
		}
	}); err != nil {
		return nil, err
	}
	cats := []string{
		"devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm", "blink", "cc", "gpu", "toplevel",
		// V8's samples on the trace's own clock: what ran inside
		// each long task, without lining up two clocks.
		"disabled-by-default-v8.cpu_profiler"}
	if c := os.Getenv("GCPACE_BENCH_TRACE_CATEGORIES"); c != "" {
		// Fewer categories, less overhead: the full set about doubles
		// the long tasks it watches.
		cats = strings.Split(c, ",")
	}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, tracing.Start, tracing.StartParams{
			TransferMode: tracing.StartTransferModeReportEvents,
			TraceConfig:  &tracing.TraceConfig{IncludedCategories: cats},
		})
		return err
	}))
	return tr, err
}

// print stops the trace and prints the longest main-thread event names.
func (tr *pageTrace) print(ctx context.Context, top int) error {
	if err := endTrace(ctx, tr.done); err != nil && !errors.Is(err, errTraceIncomplete) {
		return err // an incomplete trace is still printed
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	type event = traceEvent
	var evs []event
	threads := map[[2]int]string{}
	for _, b := range tr.events {
		var e event
		if json.Unmarshal(b, &e) == nil {
			evs = append(evs, e)
			if e.Ph == "M" && e.Name == "thread_name" {
				threads[[2]int{e.Pid, e.Tid}] = e.Args.Name
			}
		}
	}
	by := map[string]float64{}
	for _, e := range evs {
		if e.Ph == "X" && threads[[2]int{e.Pid, e.Tid}] == "CrRendererMain" {
			by[e.Name] += e.Dur / 1000
		}
	}
	type kv struct {
		k string
		v float64
	}
	var s []kv
	for k, v := range by {
		s = append(s, kv{k, v})
	}
	sort.Slice(s, func(i, j int) bool { return s[i].v > s[j].v })
	fmt.Printf("\n== trace of the batch: main-thread time by event (nested events counted in each)\n")
	for i, e := range s {
		if i == top {
			break
		}
		fmt.Printf("  %9.1f ms  %s\n", e.v, e.k)
	}
	return nil
}

// errTraceIncomplete: Chromium did not say the trace was complete within a
// minute of its end.
var errTraceIncomplete = errors.New("the trace did not complete")

// endTrace stops the tab's trace and waits for its last events (done is
// closed when Chromium says the trace is complete).
func endTrace(ctx context.Context, done <-chan struct{}) error {
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, tracing.End, cdp.Empty{})
		return err
	})); err != nil {
		return err
	}
	select {
	case <-done:
		return nil
	case <-time.After(60 * time.Second):
		return errTraceIncomplete
	}
}

// traceEvent is what the bench reads of one Chromium trace event.
type traceEvent struct {
	Name string  `json:"name"`
	Cat  string  `json:"cat"`
	Ph   string  `json:"ph"`
	Ts   float64 `json:"ts"`
	Dur  float64 `json:"dur"`
	Pid  int     `json:"pid"`
	Tid  int     `json:"tid"`
	Args struct {
		Name string `json:"name"`
	} `json:"args"`
}
