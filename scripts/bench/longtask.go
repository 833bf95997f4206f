package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/sim"
)

// longTaskTarget is issue 14's budget for the page under load: no
// main-thread task of 50 ms or more with a big org listed and a big batch
// running.
const longTaskTarget = 50 * time.Millisecond

var longTaskOnly = flag.Bool("longtask", false, "only the long-task run: 10 000 IVRs listed, a 5 000-job batch running (-quick: 2 000 and 1 000)")

// longTaskRun is the page at its heaviest: an org of ivrs IVRs listed, a
// CSV of jobs edits previewed and applied, and the batch watched for watch
// while the simulator answers quickly (a 6 s window of 100 PUTs: the table
// updates about 17 times a second). It returns every main-thread task of
// 50 ms or more (PerformanceObserver 'longtask') during the batch, longest
// first, and the jobs done by the end of the watch.
func longTaskRun(b *browser, webDir string, ivrs, jobs int, watch time.Duration) (tasks []time.Duration, done int, err error) {
	d, err := devserver.Start(devserver.Options{WebDir: webDir, Sim: sim.Options{
		Seed: 1, IVRs: ivrs, Window: 6 * time.Second,
		// The list takes ivrs/100 GETs: keep the client×user budget out of
		// the way, this run is about the page, not the pacing.
		Enforced:   sim.Limits{IVRPut: 100, ScheduleGroupPut: 100, ClientUser: 3000, User: 30000},
		Documented: sim.Limits{IVRPut: 100, ScheduleGroupPut: 100, ClientUser: 3000, User: 30000},
		Faults:     sim.Faults{Latency: 5 * time.Millisecond, LatencyMax: 15 * time.Millisecond},
	}})
	if err != nil {
		return nil, 0, err
	}
	defer d.Close()
	tab, cancelTab := chromedp.NewContext(b.ctx)
	defer cancelTab()
	ctx, cancel := context.WithTimeout(tab, 5*time.Minute+watch)
	defer cancel()
	const watchAll = `window.__gcpaceTasks = [];
try {
  new PerformanceObserver(l => {
    for (const e of l.getEntries()) { window.__gcpaceTasks.push(e.duration); (window.__gcpaceTaskAt = window.__gcpaceTaskAt || []).push([e.startTime, e.duration]); }
  }).observe({type: "longtask", buffered: true});
} catch (e) {}`
	if err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchAll})
		return err
	})); err != nil {
		return nil, 0, fmt.Errorf("opening a tab: %w", err)
	}
	signInURL := d.PageURL + "?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.com&gcTargetEnv=prod&gcLangTag=en-us"
	if err := chromedp.Do(ctx, chromedp.Navigate(signInURL), chromedp.Click(chromedp.CSS(`[data-testid="sign-in"]`), chromedp.NodeVisible)); err != nil {
		return nil, 0, fmt.Errorf("signing in: %w", err)
	}
	if err := waitJS(ctx, `document.documentElement.dataset.ready === "1"`); err != nil {
		return nil, 0, fmt.Errorf("listing %d IVRs: %w", ivrs, err)
	}
	picked := pickJobs(d.Sim, jobs)
	if err := loadCSV(ctx, picked); err != nil {
		return nil, 0, err
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`[data-testid="apply"]`)); err != nil {
		return nil, 0, fmt.Errorf("preview of %d jobs: %w", len(picked), err)
	}
	// Let the preview settle, then count only what the batch costs.
	time.Sleep(time.Second)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("window.__gcpaceTasks = []"),
		chromedp.Click(chromedp.CSS(`[data-testid="apply"]`), chromedp.NodeVisible)); err != nil {
		return nil, 0, fmt.Errorf("apply: %w", err)
	}
	// A batch this big asks first.
	if err := waitJS(ctx, `document.querySelector('[data-testid="confirm"]').open`); err != nil {
		return nil, 0, fmt.Errorf("apply: %w", err)
	}
	var trace *pageTrace
	if os.Getenv("GCPACE_BENCH_PROFILE") == "trace" {
		if trace, err = startTrace(ctx); err != nil {
			return nil, 0, err
		}
	}
	prof := os.Getenv("GCPACE_BENCH_PROFILE") != "" && trace == nil
	if prof {
		if err := startLongtaskProfile(ctx); err != nil {
			return nil, 0, err
		}
		if out := os.Getenv("GCPACE_BENCH_PROFILE_OUT"); out != "" {
			// When the profile began on the page's clock, to find a long
			// task's samples in it.
			at, _ := chromedp.Run(ctx, chromedp.Evaluate[float64]("window.__gcpaceTaskAt = []; performance.now()"))
			_ = os.WriteFile(out+".began", []byte(fmt.Sprint(at)), 0o644)
		}
	}
	if os.Getenv("GCPACE_BENCH_DOMSTATS") != "" {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](mutationTallyJS)); err != nil {
			return nil, 0, err
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="confirm-yes"]`), chromedp.NodeVisible)); err != nil {
		return nil, 0, fmt.Errorf("confirming: %w", err)
	}
	// Watch the simulator, not the page: polling the page would take its
	// main thread, the very thing measured.
	time.Sleep(watch)
	if trace != nil {
		if err := trace.print(ctx, 40); err != nil {
			return nil, 0, err
		}
		if out := os.Getenv("GCPACE_BENCH_PROFILE_OUT"); out != "" {
			// The raw timeline (one JSON array of trace events), to see
			// what each long task was made of.
			trace.mu.Lock()
			b, _ := json.Marshal(trace.events)
			trace.mu.Unlock()
			_ = os.WriteFile(out+".trace", b, 0o644)
		}
	}
	if prof {
		if err := printProfile(ctx, 40); err != nil {
			return nil, 0, err
		}
	}
	if out := os.Getenv("GCPACE_BENCH_PROFILE_OUT"); out != "" {
		at, _ := chromedp.Run(ctx, chromedp.Evaluate[[][]float64]("window.__gcpaceTaskAt || []"))
		b, _ := json.Marshal(at)
		_ = os.WriteFile(out+".tasks", b, 0o644)
	}
	if js := os.Getenv("GCPACE_BENCH_EVAL"); js != "" {
		// A look inside the page after the watch, e.g. a tally an
		// instrumented copy of the page kept (a debugging aid).
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		fmt.Printf("\n== %s\n%s %v\n", js, got, err)
	}
	if os.Getenv("GCPACE_BENCH_DOMSTATS") != "" {
		// What the page holds at the end of the watch: which parts of it
		// a frame may have to style, lay out, walk and paint.
		st, err := chromedp.Run(ctx, chromedp.Evaluate[string](domStatsJS))
		if err != nil {
			return nil, 0, err
		}
		fmt.Printf("\n== the page after the watch\n%s\n", st)
	}
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64]("window.__gcpaceTasks"))
	if err != nil {
		return nil, 0, err
	}
	for _, m := range ms {
		tasks = append(tasks, msDuration(m))
	}
	slices.SortFunc(tasks, func(a, b time.Duration) int { return int(b - a) })
	return tasks, landed(d.Sim, picked), nil
}

// measureLongTasks runs longTaskRun and prints what it saw; it returns the
// longest task (0 when none reached 50 ms) or an error.
func measureLongTasks(webDir string, ivrs, jobs int, watch time.Duration) (time.Duration, error) {
	progress("long tasks: %d IVRs listed, a %d-job batch watched for %s", ivrs, jobs, watch)
	b, err := startBrowser()
	if err != nil {
		return 0, err
	}
	defer b.close()
	tasks, done, err := longTaskRun(b, webDir, ivrs, jobs, watch)
	if err != nil {
		return 0, err
	}
	var longest time.Duration
	if len(tasks) > 0 {
		longest = tasks[0]
	}
	shown := tasks[:min(len(tasks), 10)]
	fmt.Printf("\n== main-thread tasks ≥ 50 ms, %d IVRs listed, %d-job batch running (%d done in %s), load %s\n", ivrs, jobs, done, watch, loadAverage())
	fmt.Printf("  %d long tasks; longest %v (target < %v); longest ten: %v\n", len(tasks), longest.Round(time.Millisecond), longTaskTarget, roundAll(shown))
	return longest, nil
}

func roundAll(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(time.Millisecond)
	}
	return out
}

// metricsBefore are the tab's Performance metrics when the profile began.
var metricsBefore []*performance.Metric

// startLongtaskProfile starts V8's sampling profiler in the tab (GCPACE_BENCH_PROFILE
// set): which functions the page's thread spent the batch in. Go functions
// have names only in a module built without -ldflags=-s.
func startLongtaskProfile(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, performance.Enable, performance.EnableParams{}); err != nil {
			return err
		}
		m, err := cdp.Call(ctx, t, performance.GetMetrics, cdp.Empty{})
		if err != nil {
			return err
		}
		metricsBefore = m.Metrics
		if os.Getenv("GCPACE_BENCH_PROFILE") == "metrics" {
			return nil
		}
		if _, err := cdp.Call(ctx, t, profiler.Enable, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 500}); err != nil {
			return err
		}
		_, err = cdp.Call(ctx, t, profiler.Start, cdp.Empty{})
		return err
	}))
}

// printProfile stops the profiler and prints the top functions by self time.
func printProfile(ctx context.Context, top int) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, profiler.Stop, cdp.Empty{})
		if err != nil && os.Getenv("GCPACE_BENCH_PROFILE") != "metrics" {
			return err
		}
		if m, err := cdp.Call(ctx, t, performance.GetMetrics, cdp.Empty{}); err == nil {
			was := map[string]float64{}
			for _, x := range metricsBefore {
				was[x.Name] = x.Value
			}
			fmt.Printf("\n== page metrics over the batch (Performance.getMetrics, differences)\n ")
			for _, x := range m.Metrics {
				if strings.HasSuffix(x.Name, "Duration") || strings.HasSuffix(x.Name, "Count") || x.Name == "Nodes" || x.Name == "JSHeapUsedSize" {
					fmt.Printf(" %s=%.3g", x.Name, x.Value-was[x.Name])
				}
			}
			fmt.Println()
		}
		if err != nil {
			return nil
		}
		p := res.Profile
		if out := os.Getenv("GCPACE_BENCH_PROFILE_OUT"); out != "" {
			// The raw profile (chrome devtools' .cpuprofile), for a look at one task.
			if b, err := json.Marshal(p); err == nil {
				_ = os.WriteFile(out, b, 0o644)
			}
		}
		self := map[int64]int{}
		for _, id := range p.Samples {
			self[id]++
		}
		by := map[string]int{}
		// Inclusive time of this module's own functions: which of them the
		// rest is spent under (a name counted once per stack).
		byID := map[int64]*profiler.ProfileNode{}
		parent := map[int64]int64{}
		for _, n := range p.Nodes {
			byID[n.ID] = n
			for _, c := range n.Children {
				parent[c] = n.ID
			}
		}
		own := map[string]int{}
		for id, c := range self {
			seen := map[string]bool{}
			for x, ok := id, true; ok; x, ok = parent[x] {
				name := byID[x].CallFrame.FunctionName
				if strings.HasPrefix(name, "github.com_gcpace") && !seen[name] {
					seen[name] = true
					own[name] += c
				}
			}
		}
		for k, v := range own {
			by["(incl) "+k] = v
		}
		for _, n := range p.Nodes {
			by[n.CallFrame.FunctionName+" "+n.CallFrame.URL[strings.LastIndex(n.CallFrame.URL, "/")+1:]] += self[n.ID]
		}
		type kv struct {
			k string
			v int
		}
		var s []kv
		for k, v := range by {
			s = append(s, kv{k, v})
		}
		sort.Slice(s, func(i, j int) bool { return s[i].v > s[j].v })
		each := float64(p.EndTime-p.StartTime) / 1000 / float64(max(1, len(p.Samples)))
		fmt.Printf("\n== profile of the batch: self time\n")
		for i, e := range s {
			if i == top {
				break
			}
			fmt.Printf("  %8.1f ms  %s\n", float64(e.v)*each, e.k)
		}
		return nil
	}))
}

// domStatsJS counts the page's elements (shadow trees included) by where
// they are and whether they are rendered: the long-task run's
// GCPACE_BENCH_DOMSTATS.
const domStatsJS = `(() => {
  const all = [];
  const walk = r => { for (const e of r.querySelectorAll("*")) { all.push(e); if (e.shadowRoot) walk(e.shadowRoot); } };
  walk(document);
  const by = {};
  for (const e of all) {
    let top = e, host = e;
    while (host.getRootNode() !== document) host = host.getRootNode().host;
    const part = host.closest("section, header, dialog, main > div, #app > p") ;
    const k = part ? part.tagName.toLowerCase() + "." + (part.className || "").replace(/ /g, ".") : "(other)";
    const o = by[k] = by[k] || {all: 0, shown: 0};
    o.all++;
    if (e.checkVisibility({contentVisibilityAuto: true})) o.shown++;
  }
  const lines = Object.entries(by).sort((a, b) => b[1].all - a[1].all).map(([k, o]) => "  " + k + ": " + o.all + " elements, " + o.shown + " rendered");
  const bodies = [...document.querySelectorAll("table.jobs tbody")];
  lines.push("  job rows " + document.querySelectorAll("[data-testid=job-row]").length + " in " + bodies.length + " tbodies, " +
    bodies.filter(b => b.checkVisibility({contentVisibilityAuto: true}) && [...b.children].some(r => r.checkVisibility({contentVisibilityAuto: true}))).length + " of them rendered");
  lines.push("  elements in all " + all.length);
  const tally = Object.entries(window.__gcpaceMutations || {}).sort((a, b) => b[1] - a[1]).slice(0, 25);
  lines.push("  DOM changes over the watch, by where (top 25):");
  for (const [k, n] of tally) lines.push("    " + n + "  " + k);
  return lines.join("\n");
})()`

// mutationTallyJS counts the DOM changes from the yes on, by kind and by
// the element changed and the page part it is in (GCPACE_BENCH_DOMSTATS):
// what each batch update makes a frame restyle, lay out and paint.
const mutationTallyJS = `(() => {
  const t = window.__gcpaceMutations = {};
  const name = e => e.nodeType === 1 ? e.localName + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/ +/).join(".") : "") + (e.dataset && e.dataset.testid ? "[" + e.dataset.testid + "]" : "") : e.nodeName;
  new MutationObserver(rs => {
    for (const r of rs) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const part = el && el.closest("section, header, dialog, .batch, .preview, .jobs-wrap");
      const k = (part ? name(part) + " > " : "") + name(r.target) + " " + r.type + (r.attributeName ? " " + r.attributeName : "");
      t[k] = (t[k] || 0) + 1;
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})()`
