package main

import (
	"fmt"
	"math"
	"os"
	"text/tabwriter"
	"time"
)

// printTables prints one table per scenario: the Go strategies in virtual
// time, then the real-time rows (the page in Chromium, then Bottleneck).
func printTables(rs []result) {
	for _, sc := range scenarios() {
		fmt.Printf("\n== %s: %s\n", sc.Name, sc.Title)
		var errs []string
		var virtual, real []result
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
			if r.Clock == "virtual" {
				virtual = append(virtual, r)
			} else {
				real = append(real, r)
			}
		}
		if len(virtual) > 0 {
			tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "strategy\tclock\twindow\tjobs\tfinished\tlost\tmakespan\tmakespan ratio\tPUTs\tPUT 429s\t429 ratio\tGET 429s\tUI PUTs refused\t")
			for _, r := range virtual {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%.3f\t%d\t%d\t%.4f\t%d\t%s\t\n",
					r.Strategy, r.Clock, r.Window, r.Jobs, r.Finished, r.Lost, round(r.Makespan), r.Ratio,
					r.Puts, r.Put429, r.Rate429, r.Other429, uiRefused(r))
			}
			tw.Flush()
		}
		if len(real) > 0 {
			fmt.Println()
			tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "real time\twindow\tjobs\tfinished\tlost\tmakespan\tideal\tmakespan ratio\tPUTs\tPUT 429s\t429 ratio\tturnaround p50/p95 (n)\tin the page p50/p95 (n)\tPUTs overlapping\tlongest task\tUI PUTs refused\t")
			for _, r := range real {
				long, inPage := "-", "-"
				if r.Strategy == browserStrategy {
					long = ms(r.LongTask)
					inPage = fmt.Sprintf("%s / %s (%d)", ms(r.PageTurn50), ms(r.PageTurn95), r.PageTurns)
				}
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%.3f\t%d\t%d\t%.4f\t%s / %s (%d)\t%s\t%d\t%s\t%s\t\n",
					r.Strategy, r.Window, r.Jobs, r.Finished, r.Lost, round(r.Makespan), round(r.Ideal), r.Ratio,
					r.Puts, r.Put429, r.Rate429, ms(r.Turn50), ms(r.Turn95), r.Turns, inPage, r.Overlaps, long, uiRefused(r))
			}
			tw.Flush()
			if *showWindows {
				for _, r := range real {
					fmt.Printf("  %s, PUTs/429s per server window: %s\n", r.Strategy, windowsLine(r.Windows))
				}
			}
			if v, ok := versusBottleneck(rs, sc); ok {
				fmt.Printf("  page ÷ Bottleneck makespan: %.3f (target ≤ %.2f)\n", v, target(sc))
			}
		}
		for _, e := range errs {
			fmt.Println("  error:", e)
		}
	}
	fmt.Print(`
makespan ratio = makespan ÷ ideal; the ideal is jobs ÷ limit left to the client × window, and on the slow
server (RTT-bound) the sum of the successful PUTs' round trips at the server, one after another with no gap
(the limit is not what binds there). 429 ratio = PUTs answered 429 ÷ PUTs sent. Finished, lost, PUTs, 429s
and, in real time, the makespan itself (first request's arrival → last PUT's answer) come from the simulator's
log. A job is lost when a baseline took 20 429s for it (the pacer ends a job on its own budgets). A ratio below
1 is possible: the simulator's windows are fixed, so the last window's share can land before that window ends,
and a strategy that empties the bucket at a window's start takes budget the Genesys UI would have used (UI PUTs
refused). Virtual-time runs use one-minute windows and 80 ms latency. Real-time runs: the shrunk window shown,
20–60 ms latency per API call (300–700 ms per PUT on the slow server), same limits per window; the page runs
in headless Chromium on another origin than the API, so each of its calls is preflighted (Max-Age 0), Node's
SDK is not. Turnaround: a PUT's answer leaving the server → the next PUT's preflight (else the PUT) arriving,
counted when the next PUT was due (the answer came at least window ÷ limit after the PUT left); for Bottleneck
it includes the next job's GET. In the page: the same from the page's side, the fetch promise of a PUT
settling → the next PUT's fetch call (what the wasm takes, without network or server). PUTs overlapping: a
PUT arrived before the previous one was answered (must be 0). Longest task: PerformanceObserver('longtask')
during the batch. The machine's load shows in every real-time figure: see the load average at the end.
`)
}

// target is the bound on page ÷ Bottleneck for sc.
func target(sc scenario) float64 {
	if sc.rttBound() {
		return 1.02
	}
	return 1.00
}

// versusBottleneck is the page's makespan ÷ Bottleneck's in sc, when both ran.
func versusBottleneck(rs []result, sc scenario) (float64, bool) {
	var pg, bn time.Duration
	for _, r := range rs {
		if r.Scenario != sc.Name || r.Clock != "real" || r.Makespan <= 0 || r.Lost > 0 && r.Strategy == browserStrategy {
			continue
		}
		switch r.Strategy {
		case browserStrategy:
			pg = r.Makespan
		case nodeStrategy:
			bn = r.Makespan
		}
	}
	if pg == 0 || bn == 0 {
		return 0, false
	}
	return float64(pg) / float64(bn), true
}

func uiRefused(r result) string {
	if r.UIRefused < 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*r.UIRefused)
}

// ms is d in milliseconds with one decimal.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }

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
// documented scenario and for the hidden-headers one, then the page's: the
// worst page ÷ Bottleneck over the scenarios, the worst turnaround p95 of the
// page where headers are readable (there the page knows when each PUT is
// due; with hidden headers its learning waits count too, see the tables),
// ready time, the longest task of the long-task run (10 000 IVRs listed, a
// 5 000-job batch running; else the longest during the rows' batches), and
// the module's size.
func printFinal(rs []result, pg pageFigures) { fmt.Println(finalLine(rs, pg)) }

// finalLine is the line printFinal prints.
func finalLine(rs []result, pg pageFigures) string {
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
	worst, turn, long := math.NaN(), time.Duration(0), time.Duration(0)
	for _, sc := range scenarios() {
		v, ok := versusBottleneck(rs, sc)
		if !ok {
			v = math.Inf(1) // a scenario that did not run cannot be said to be won
		}
		if math.IsNaN(worst) || v > worst {
			worst = v
		}
		for _, r := range rs {
			if r.Scenario == sc.Name && r.Strategy == browserStrategy {
				if sc.Expose {
					turn = max(turn, r.Turn95)
				}
				long = max(long, r.LongTask)
			}
		}
	}
	if pg.longtaskRun {
		long = pg.longtask
	}
	return fmt.Sprintf("pacer makespan_ratio=%.3f rate429=%.4f hidden_makespan_ratio=%.3f hidden_rate429=%.4f browser_vs_bottleneck=%.3f turnaround_p95_ms=%.1f ready_ms=%d longtask_ms=%.0f wasm_br_bytes=%d",
		doc.Ratio, doc.Rate429, hid.Ratio, hid.Rate429, worst, float64(turn)/1e6, pg.ready.Milliseconds(), float64(long)/1e6, pg.brotli)
}
