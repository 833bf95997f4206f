package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/batch/batchtest"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/ivrnumbers"
	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// bfcacheWatch records why Chromium did not keep the tab of ctx in the
// back-forward cache, if it did not: a test that means to restore from it
// says so instead of passing on a plain reload.
type bfcacheWatch struct {
	mu      sync.Mutex
	reasons []string
}

func watchBFCache(ctx context.Context) *bfcacheWatch {
	w := &bfcacheWatch{}
	_ = chromedp.Listen(ctx, func(ev any) {
		e, ok := ev.(*page.EventBackForwardCacheNotUsed)
		if !ok {
			return
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		for _, r := range e.NotRestoredExplanations {
			w.reasons = append(w.reasons, fmt.Sprintf("%s (%s)", r.Reason, r.Type))
		}
	})
	return w
}

func (w *bfcacheWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.reasons, ", ")
}

// putsBy counts the page's PUTs in log entries, by the token that sent them:
// each tab signs in on its own, so a token stands for a tab.
func putsBy(log []sim.Entry) map[string]int {
	by := map[string]int{}
	for _, e := range log {
		if e.Method == "PUT" && !e.External {
			by[e.TokenHash]++
		}
	}
	return by
}

// TestBFCacheRestoreDoesNotRunTwice (issue 10 item 3): tab A runs a batch,
// tab B follows. A leaves (its page is kept in the back-forward cache, which
// releases the runner lock), B takes over; A comes back with history.back().
// The page must come back from the cache, not reload, and from then on only
// B sends PUTs: A stops its queue and follows.
func TestBFCacheRestoreDoesNotRunTwice(t *testing.T) {
	d := startStack(t, fast(30, 60*time.Second), "implicit") // 100 PUTs a minute: one every 0.6 s
	defer func(old time.Duration) { testTimeout = old }(testTimeout)
	testTimeout = 4 * time.Minute
	a := newBrowser(t)
	signIn(t, a, d)
	want := planAdds(t, a, d, 100)
	clickTestID(t, a, "apply")
	waitBatch(t, a, "running", 10*time.Second)
	waitJS(t, a, "a job done", `document.querySelectorAll('[data-testid="job-row"][data-state="done"]').length >= 2`)

	b := openSecondTab(t, a, d)
	waitJS(t, b, "tab B following", `document.querySelector('[data-testid="notice"]').textContent.includes("Another gcpace tab")`)
	tokenA := lastPutToken(t, d.Sim.Log())

	// Only a page restored from the cache keeps this mark.
	evalJS[chromedp.Void](t, a, `window.gcpaceMark = "before"; addEventListener("pageshow", e => { window.gcpaceShown = e.persisted })`)
	bf := watchBFCache(a)
	navigate(t, a, d.PageURL+"app.css")
	waitJS(t, b, "tab B running the batch", `document.querySelector('[data-testid="pause"]') && !document.querySelector('[data-testid="pause"]').hidden`)
	time.Sleep(2 * time.Second) // B sends a few while A is away

	// Not chromedp.NavigateBack: it waits for a load event, and a page
	// restored from the cache fires none (only pageshow).
	evalJS[chromedp.Void](t, a, `setTimeout(() => history.back(), 0)`)
	waitJS(t, a, "tab A shown again", `!location.pathname.endsWith("app.css") && document.readyState === "complete"`)
	// A restored page keeps its JavaScript state (the mark) and gets a
	// pageshow with persisted; its navigation entry stays the first load's.
	if got := evalJS[string](t, a, `window.gcpaceMark + " " + window.gcpaceShown`); got != "before true" {
		t.Fatalf("tab A was loaded again, not restored from the back-forward cache (mark and persisted: %q; Chromium said: %s)", got, bf)
	}
	mark := len(d.Sim.Log())
	time.Sleep(8 * time.Second) // about 13 PUTs' worth
	after := putsBy(d.Sim.Log()[mark:])
	if after[tokenA] != 0 || len(after) != 1 {
		t.Fatalf("PUTs in 8 s after the restore, by tab: %v (tab A's token sent %d); want tab B's alone", after, after[tokenA])
	}
	t.Logf("after the restore: %v PUTs in 8 s, all from tab B", after)
	waitJS(t, a, "tab A following", `document.querySelector('[data-testid="notice"]').textContent.includes("Another gcpace tab") &&
		document.querySelector('[data-testid="pause"]').hidden`)

	waitBatch(t, b, "done", 2*time.Minute)
	for id, num := range want {
		r, _ := d.Sim.IVR(id)
		if n := countIn(r.DNIS, num); n != 1 {
			t.Errorf("IVR %s holds %s %d times", id, num, n)
		}
	}
}

// lastPutToken is the token of the latest PUT in log.
func lastPutToken(t *testing.T, log []sim.Entry) string {
	t.Helper()
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].Method == "PUT" && !log[i].External {
			return log[i].TokenHash
		}
	}
	t.Fatal("no PUT in the log")
	return ""
}

// TestForeignBatchIsAskedAbout (issue 10 item 4): a running batch that some
// other script of the origin wrote into localStorage is shown with its
// changes and asked about; nothing is sent until the person resumes it.
func TestForeignBatchIsAskedAbout(t *testing.T) {
	d := startStack(t, fast(31, 3*time.Second), "implicit")
	ctx := newBrowser(t)
	navigate(t, ctx, d.PageURL)
	waitVisible(t, ctx, testID("sign-in"))

	// The batch, recorded as this version records one, then copied into the
	// page's localStorage as any script of the origin could.
	ivrs := activeIVRs(d.Sim)[:6]
	free := d.Sim.FreeNumbers(len(ivrs))
	before := map[string]json.RawMessage{}
	want := map[string]string{}
	var jobs []pacer.Job
	for i, r := range ivrs {
		before[r.ID] = ivrnumbers.EncodeBefore(genesys.IVR{Name: r.Name, Version: r.Version, DNIS: r.DNIS})
		jobs = append(jobs, pacer.Job{ID: fmt.Sprintf("j%d", i+1), Key: r.ID, Label: r.Name,
			Intent: dnis.Intent{IVRID: r.ID, Add: []string{free[i]}}})
		want[r.ID] = free[i]
	}
	store := &kv.Map{}
	p := batch.Plan{Kind: ivrnumbers.New(ivrnumbers.Deps{}), Purpose: batch.Apply, Jobs: jobs, Before: before}
	if err := batchtest.Record(store, "20260301T090000-0badc0de", p, pacer.BatchRunning, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, k := range store.Keys("") {
		v, _ := store.Get(k)
		evalJS[chromedp.Void](t, ctx, fmt.Sprintf("localStorage.setItem(%s, %s)", jsString(k), jsString(v)))
	}

	clickTestID(t, ctx, "sign-in")
	waitVisible(t, ctx, testID("resume-question"))
	waitCount(t, ctx, testID("job-row"), len(ivrs))
	if state := attr(t, ctx, testID("batch-status"), "data-state"); state != "paused" {
		t.Errorf("batch-status %q while asking, want paused", state)
	}
	time.Sleep(3 * time.Second) // a whole rate-limit window
	if n := puts(d.Sim); n != 0 {
		t.Fatalf("%d PUTs sent for a batch this tab did not start", n)
	}
	clickTestID(t, ctx, "resume-asked")
	waitBatch(t, ctx, "done", time.Minute)
	waitGone(t, ctx, testID("resume-question")+":not([hidden])")
	for id, num := range want {
		r, _ := d.Sim.IVR(id)
		if n := countIn(r.DNIS, num); n != 1 {
			t.Errorf("IVR %s holds %s %d times", id, num, n)
		}
	}
}
