package main

import (
	"fmt"
	"os"
	"text/tabwriter"
	"time"
)

// printTables prints one table per scenario, Go strategies (virtual time)
// first, then the real-time runs.
func printTables(rs []result) {
	for _, sc := range scenarios() {
		fmt.Printf("\n== %s: %s\n", sc.Name, sc.Title)
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "strategy\tclock\twindow\tjobs\tfinished\tlost\tmakespan\tmakespan ratio\tPUTs\tPUT 429s\t429 ratio\tGET 429s\tUI PUTs refused\t")
		var errs []string
		for _, r := range rs {
			if r.Scenario != sc.Name {
				continue
			}
			if r.Err != "" {
				errs = append(errs, fmt.Sprintf("%s (%s): %s", r.Strategy, r.Clock, r.Err))
				if r.Jobs == 0 {
					continue
				}
			}
			ui := "-"
			if r.UIRefused >= 0 {
				ui = fmt.Sprintf("%.1f %%", 100*r.UIRefused)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%.3f\t%d\t%d\t%.4f\t%d\t%s\t\n",
				r.Strategy, r.Clock, r.Window, r.Jobs, r.Finished, r.Lost, round(r.Makespan), r.Ratio,
				r.Puts, r.Put429, r.Rate429, r.Other429, ui)
		}
		tw.Flush()
		for _, e := range errs {
			fmt.Println("  error:", e)
		}
	}
	fmt.Print(`
makespan ratio = makespan ÷ (jobs ÷ limit left to the client × window); 429 ratio = PUTs answered 429 ÷ PUTs sent.
finished, lost, PUTs and 429s are counted by the simulator. A job is lost when a baseline took 20 429s for it
(the pacer ends a job on its own budgets). A ratio below 1 is possible: the simulator's windows are fixed, so
the last window's share can land before that window ends, and a strategy that empties the bucket at a window's
start takes budget the Genesys UI would have used (UI PUTs refused). Virtual-time runs use one-minute windows
and 80 ms latency; real-time runs use the shrunk window shown, latency scaled alike, and the same limits per
window; Retry-After and inin-ratelimit-reset are whole seconds, which cost relatively more in a shrunk window:
compare (c) with the pacer row beside it (same window, same clock), not with the one-minute rows.
`)
}

func round(d time.Duration) time.Duration {
	if d >= time.Minute {
		return d.Round(time.Second)
	}
	return d.Round(10 * time.Millisecond)
}

// mb is megabytes of 10⁶ bytes.
func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }

func printSizes(sz sizes, err error) {
	fmt.Println("\n== web/gcpace.wasm")
	if err != nil {
		fmt.Println("  not measured:", err)
		return
	}
	fmt.Printf("  raw %s (%d B), gzip -9 %s (%d B)", mb(sz.Raw), sz.Raw, mb(sz.Gzip), sz.Gzip)
	if sz.Brotli == 0 {
		fmt.Printf(", brotli not measured (no brotli CLI); target %s brotli\n", mb(brotliTarget))
		return
	}
	fmt.Printf(", brotli -q 11 %s (%d B)\n", mb(sz.Brotli), sz.Brotli)
	fmt.Printf("  brotli ÷ target %s = %.3f (≤ 1 meets the target)\n", mb(brotliTarget), float64(sz.Brotli)/brotliTarget)
}

func printLoads(ld loads, err error) {
	fmt.Println("\n== navigation → signed-in, interactive page (data-ready=\"1\": signed in, IVR list loaded), headless Chromium, loopback")
	if err != nil {
		fmt.Println("  not measured:", err)
		return
	}
	base, _, _ := stats(ld.Static)
	for _, k := range []struct {
		name     string
		ds       []time.Duration
		baseline bool
	}{
		{"reload, HTTP cache disabled", ld.Cold, false},
		{"reload, HTTP cache on", ld.Warm, false},
		{"baseline: static page, no wasm, cache disabled", ld.Static, true},
	} {
		med, lo, hi := stats(k.ds)
		fmt.Printf("  %-48s median %4d ms (min %d, max %d, %d loads)", k.name, med.Milliseconds(), lo.Milliseconds(), hi.Milliseconds(), len(k.ds))
		if !k.baseline {
			fmt.Printf("  ÷ target %d ms = %.2f, ÷ baseline = %.1f", readyTarget.Milliseconds(), ratio(med, readyTarget), ratio(med, base))
		}
		fmt.Println()
	}
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(max(b, 1)) }

// printFinal prints the last line: the pacer's virtual-time figures for the
// documented scenario and for the hidden-headers one.
func printFinal(rs []result) {
	find := func(want func(scenario) bool) result {
		for _, sc := range scenarios() {
			if !want(sc) {
				continue
			}
			for _, r := range rs {
				if r.Scenario == sc.Name && r.Strategy == pacerStrategy.Name && r.Clock == "virtual" {
					return r
				}
			}
		}
		return result{}
	}
	doc := find(func(sc scenario) bool { return sc.Name == scenarios()[0].Name })
	hid := find(func(sc scenario) bool { return sc.Hidden })
	fmt.Printf("pacer makespan_ratio=%.3f rate429=%.4f hidden_makespan_ratio=%.3f hidden_rate429=%.4f\n",
		doc.Ratio, doc.Rate429, hid.Ratio, hid.Rate429)
}
