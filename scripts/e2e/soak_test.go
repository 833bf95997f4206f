package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/sim"
)

// The soak: 600 IVR edits through the real page while the simulator fails
// 5xx and drops connections, someone else edits IVRs, the token is revoked
// once, the page is reloaded twice at random moments and a second tab opens
// mid-run. Afterwards the org must hold every requested number exactly once,
// and nothing the batch did not ask to change may be lost.

const soakJobs = 600

func TestSoak(t *testing.T) {
	runSoak(t, sim.Options{Seed: 21, IVRs: 700, Window: 3 * time.Second, ExposeHeaders: true}, 21)
}

// The same with the rate-limit headers hidden from the page and the org
// enforcing 40 % of the documented IVR limit: the pacer must learn it.
func TestSoakHiddenHeadersLowLimit(t *testing.T) {
	runSoak(t, sim.Options{Seed: 22, IVRs: 700, Window: 2 * time.Second, ExposeHeaders: false,
		Enforced: sim.Limits{IVRPut: 40}}, 22)
}

func runSoak(t *testing.T, o sim.Options, seed uint64) {
	if testing.Short() {
		t.Skip("soak: not in -short")
	}
	old := testTimeout
	testTimeout = 6 * time.Minute
	defer func() { testTimeout = old }()

	o.Faults = sim.Faults{Rate5xx: 0.05, DropRate: 0.03, ExternalEditEvery: 20, RevokeAfterPUTs: 260}
	d := startStack(t, o, "implicit")
	initial := map[string]sim.IVR{}
	for _, r := range d.Sim.IVRs() {
		initial[r.ID] = r
	}
	ctx := newBrowser(t)
	// Sign in while nothing fails, as a person would have before the batch.
	faults := o.Faults
	d.Sim.SetFaults(sim.Faults{})
	signIn(t, ctx, d)
	want := planAdds(t, ctx, d, soakJobs)
	d.Sim.SetFaults(faults)
	clickTestID(t, ctx, "apply")
	confirmYes(t, ctx) // over 100 updates

	rng := rand.New(rand.NewPCG(seed, 1))
	reloads := []int{100 + rng.IntN(150), 350 + rng.IntN(150)}
	secondAt := 200 + rng.IntN(100)
	var second context.Context
	start := time.Now()
	for landed := 0; landed < soakJobs && !batchEnded(ctx, second); landed = countLanded(d.Sim, want) {
		if len(reloads) > 0 && landed >= reloads[0] {
			t.Logf("reload at %d landed", landed)
			reloads = reloads[1:]
			if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
				t.Logf("reload: %v", err)
			}
		}
		if second == nil && landed >= secondAt {
			t.Logf("second tab at %d landed", landed)
			second = openSecondTab(t, ctx, d)
		}
		if time.Since(start) > 5*time.Minute {
			soakStallReport(t, d.Sim, ctx, second)
			t.Fatalf("soak: only %d of %d numbers landed after 5 minutes", landed, soakJobs)
		}
		time.Sleep(200 * time.Millisecond)
	}
	elapsed := time.Since(start)
	// Whichever tab ended as the runner shows the whole batch; the other
	// follows it read-only. Both must come to "done".
	for _, tab := range []context.Context{ctx, second} {
		if tab != nil {
			waitBatch(t, tab, "done", time.Minute)
		}
	}
	failedJobs := checkJobRows(t, ctx)
	checkSoak(t, d.Sim, initial, want, failedJobs)

	c := d.Sim.Counters()
	var puts, n429, n5xx, drops, external int
	for _, e := range d.Sim.Log() {
		switch {
		case e.External:
			external++
		case e.Method == "PUT":
			puts++
			if e.Status == 429 {
				n429++
			}
		}
		if e.Fault == "5xx" {
			n5xx++
		}
		if e.Fault == "drop" {
			drops++
		}
	}
	t.Logf("soak: %d jobs in %v; PUTs %d (429: %d = %.1f %%), injected 5xx %d, drops %d, external edits %d, revocations %d",
		soakJobs, elapsed.Round(time.Second), puts, n429, 100*float64(n429)/float64(max(puts, 1)), n5xx, drops, external, c.Revocations)
	if external == 0 || c.Revocations != 1 {
		t.Errorf("the soak did not exercise its faults: external edits %d, revocations %d", external, c.Revocations)
	}
}

// batchEnded reports whether a tab shows the batch ended (then every job is
// done or failed, and the checks below say which and why).
func batchEnded(tabs ...context.Context) bool {
	for _, tab := range tabs {
		if tab == nil {
			continue
		}
		if s, err := tryEval[string](tab, `(document.querySelector('[data-testid="batch-status"]')||{}).dataset?.state || ""`); err == nil && s == "done" {
			return true
		}
	}
	return false
}

func countLanded(s *sim.Server, want map[string]string) int {
	n := 0
	for _, r := range s.IVRs() {
		if num, ok := want[r.ID]; ok && slices.Contains(r.DNIS, num) {
			n++
		}
	}
	return n
}

// openSecondTab opens the app in another tab of the same browser profile and
// signs it in; it must follow the batch, not run it a second time.
func openSecondTab(t *testing.T, ctx context.Context, d *devserver.Dev) context.Context {
	t.Helper()
	tab := newTab(t, ctx)
	navigate(t, tab, d.PageURL)
	// Signed out in a new tab (sessionStorage is per tab): it shows sign-in,
	// or signs in by itself while the batch waits for a sign-in.
	waitJS(t, tab, "sign-in or the signed-in page", `document.querySelector('[data-testid="user-name"]:not([hidden])') ||
		document.querySelector('[data-testid="sign-in"]:not([hidden])')`)
	if evalJS[bool](t, tab, `!!document.querySelector('[data-testid="sign-in"]:not([hidden])')`) {
		clickTestID(t, tab, "sign-in")
	}
	waitVisible(t, tab, testID("user-name"))
	return tab
}

// checkSoak compares the org with what it held before: each requested number
// exactly once on its IVR, every number it held still there, names, flows,
// schedule groups and divisions untouched, and the external editor's last
// description kept wherever someone else edited.
//
// A job may end failed, with its reason (the issue allows it; checkJobRows
// bounds how many): its number is then the only one allowed to be missing.
func checkSoak(t *testing.T, s *sim.Server, initial map[string]sim.IVR, want map[string]string, failedJobs int) {
	t.Helper()
	missing := 0
	edited := map[string]bool{}
	for _, e := range s.Log() {
		if e.External {
			edited[e.Path[strings.LastIndex(e.Path, "/")+1:]] = true
		}
	}
	var bad int
	for _, r := range s.IVRs() {
		was := initial[r.ID]
		var problems []string
		if num, ok := want[r.ID]; ok {
			switch n := countIn(r.DNIS, num); {
			case n == 0:
				missing++
			case n > 1:
				problems = append(problems, fmt.Sprintf("holds %s %d times", num, n))
			}
		}
		for _, n := range was.DNIS {
			if !slices.Contains(r.DNIS, n) {
				problems = append(problems, "lost "+n)
			}
		}
		if r.Name != was.Name || !sameRef(r.OpenHoursFlow, was.OpenHoursFlow) || !sameRef(r.ClosedHoursFlow, was.ClosedHoursFlow) ||
			!sameRef(r.HolidayHoursFlow, was.HolidayHoursFlow) || !sameRef(r.ScheduleGroup, was.ScheduleGroup) || !sameRef(r.Division, was.Division) {
			problems = append(problems, "name, flows, schedule group or division changed")
		}
		if edited[r.ID] && !strings.HasPrefix(r.Description, "Edited in Architect") {
			problems = append(problems, fmt.Sprintf("someone else's edit was undone: description %q", r.Description))
		}
		if !edited[r.ID] && r.Description != was.Description {
			problems = append(problems, "description changed")
		}
		if len(problems) > 0 {
			bad++
			if bad <= 10 {
				t.Errorf("IVR %s (%s): %s", r.ID, r.Name, strings.Join(problems, "; "))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d IVRs wrong", bad)
	}
	if missing > failedJobs {
		t.Errorf("%d requested numbers missing, but only %d jobs failed", missing, failedJobs)
	}
	t.Logf("soak: %d IVRs checked, %d edited by someone else during the batch", len(initial), len(edited))
}

func sameRef(a, b *sim.Ref) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ID == b.ID
}

func countIn(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

// checkJobRows: every job ended done or failed, every failure says why, and
// at most 1 % failed. It returns how many failed.
func checkJobRows(t *testing.T, ctx context.Context) int {
	t.Helper()
	states := attrs(t, ctx, testID("job-row"), "data-state")
	counts := map[string]int{}
	for _, s := range states {
		counts[s]++
	}
	if len(states) != soakJobs || counts["done"]+counts["failed"] != soakJobs {
		t.Errorf("job rows: %d, states %v", len(states), counts)
	}
	failed := texts(t, ctx, testID("job-row")+`[data-state="failed"]`)
	for _, why := range failed {
		t.Logf("soak: a job failed: %s", why)
		if !strings.Contains(why, "Failed:") || strings.TrimSpace(why[strings.Index(why, "Failed:")+7:]) == "" {
			t.Error("a failed job gives no reason")
		}
	}
	if len(failed) > soakJobs/100 {
		t.Errorf("%d of %d jobs failed", len(failed), soakJobs)
	}
	t.Logf("soak: job rows %v", counts)
	return len(failed)
}

// soakStallReport says what each tab shows and what the simulator last saw
// when a soak stops making progress, so a stall can be told apart from a
// slow machine without running it again.
func soakStallReport(t *testing.T, s *sim.Server, tabs ...context.Context) {
	t.Helper()
	for i, tab := range tabs {
		if tab == nil {
			continue
		}
		state, _ := tryEval[string](tab, `(document.querySelector('[data-testid="batch-status"]')||{}).dataset?.state || "(no batch-status)"`)
		rows, _ := tryEval[string](tab, `JSON.stringify([...document.querySelectorAll('[data-testid="job-row"]')].reduce((m, r) => (m[r.dataset.state] = (m[r.dataset.state]||0)+1, m), {}))`)
		text, _ := tryEval[string](tab, `document.body.innerText.slice(0, 2500)`)
		t.Logf("tab %d: batch %s, job rows %s\n%s", i, state, rows, text)
		shot(t, tab, fmt.Sprintf("soak-stall-tab%d", i), 1366)
	}
	log := s.Log()
	for _, e := range log[max(0, len(log)-40):] {
		t.Logf("sim %s %s %s %d %s %s", e.Time.Format("15:04:05.000"), e.Method, e.Path, e.Status, e.Bucket, e.Fault)
	}
}
