package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// Tests of issue 9 on a running batch: countdowns, the batch-wide wait,
// the ETA, retry-now, cancelled words, notices.

// simClock is the simulator's clock, which a test may freeze at a moment it
// picks (to get an exact Retry-After) and let run again.
type simClock struct {
	mu     sync.Mutex
	origin time.Time // the first reading: the simulator's window origin
	at     time.Time // the clock read at when real time was realAt
	realAt time.Time
	frozen bool
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.realAt.IsZero() {
		c.origin, c.at, c.realAt = now, now, now
	}
	if c.frozen {
		return c.at
	}
	return c.at.Add(now.Sub(c.realAt))
}

// freezeBeforeWindowEnd stops the clock left before the end of a window.
func (c *simClock) freezeBeforeWindowEnd(window, left time.Duration) {
	now := c.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	end := c.origin.Add((now.Sub(c.origin)/window + 1) * window)
	if end.Add(-left).Before(now) {
		end = end.Add(window)
	}
	c.at, c.realAt, c.frozen = end.Add(-left), time.Now(), true
}

func (c *simClock) run() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.realAt, c.frozen = time.Now(), false
}

// watchTimed records in the page every value the countdowns and the ETA
// show, with the time it appeared.
const watchTimed = `(() => {
	window.__seen = {job: [], batch: [], eta: [], retry: [], late: []};
	// How late the page's own timers fire: on a machine too busy to run the
	// page on time, a countdown is late by as much, whatever schedules it.
	let due = performance.now() + 50;
	const probe = () => {
		const now = performance.now();
		window.__seen.late.push({v: null, t: now, late: now - due});
		due = now + 50;
		setTimeout(probe, 50);
	};
	setTimeout(probe, 50);
	const sels = {job: '[data-testid="job-countdown"]', batch: '[data-testid="batch-countdown"]', eta: '[data-testid="eta"]', retry: '[data-testid="retry-now"]'};
	const rec = () => {
		const t = performance.now();
		for (const k in sels) {
			const e = document.querySelector(sels[k]);
			const v = e && e.checkVisibility() ? e.textContent.trim() : null;
			const a = window.__seen[k];
			if (!a.length || a[a.length - 1].v !== v) a.push({v, t});
		}
	};
	new MutationObserver(rec).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
	rec();
	return true;
})()`

type seen struct {
	V    *string `json:"v"`
	T    float64 `json:"t"`
	Late float64 `json:"late"` // for the timer probe: ms it fired late
}

// busyFor is how late the page's timers fired between from and to (ms).
func busyFor(probe []seen, from, to float64) float64 {
	late := 0.0
	for _, p := range probe {
		if p.T >= from && p.T <= to+50 {
			late = max(late, p.Late)
		}
	}
	return late
}

// countdownRun finds 5, 4, 3, 2, 1 in a row among the values seen and
// checks each came within 1.1 s of the one before.
//
// A gap over 1.1 s is forgiven only by as much as the page's own timers
// fired late at that moment (the machine too busy to run the page), so a
// countdown on a ticker of its own phase still fails.
func countdownRun(t *testing.T, what string, vals, probe []seen) {
	t.Helper()
	var shown []string
	for i := range vals {
		v := "-"
		if vals[i].V != nil {
			v = *vals[i].V
		}
		shown = append(shown, v)
	}
	for i := 0; i+5 <= len(vals); i++ {
		ok := true
		for k, want := range []string{"5", "4", "3", "2", "1"} {
			if shown[i+k] != want {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for k := 1; k < 5; k++ {
			if gap := vals[i+k].T - vals[i+k-1].T; gap > 1100+busyFor(probe, vals[i+k-1].T, vals[i+k].T) {
				t.Errorf("%s: %s showed for %.0f ms before %s (timers %.0f ms late then)", what, shown[i+k-1], gap, shown[i+k], busyFor(probe, vals[i+k-1].T, vals[i+k].T))
			}
		}
		if i+5 < len(vals) {
			if gap := vals[i+5].T - vals[i+4].T; gap > 1100+busyFor(probe, vals[i+4].T, vals[i+5].T) {
				t.Errorf("%s: 1 showed for %.0f ms", what, gap)
			}
		}
		return
	}
	t.Errorf("%s never showed 5, 4, 3, 2, 1 in a row: %v", what, shown)
}

// TestTrustRetryAfterCountsDown: a 429 with Retry-After 5 holds the whole
// bucket: the batch says it waits, why and until when; the job's and the
// batch's countdowns show 5, 4, 3, 2, 1 a second each; the ETA counts down
// through the wait; retry-now is not offered; paused, there is no ETA.
func TestTrustRetryAfterCountsDown(t *testing.T) {
	clock := &simClock{}
	d := startStack(t, sim.Options{Seed: 33, Clock: clock, Enforced: sim.Limits{IVRPut: 2}}, "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	planAdds(t, ctx, d, 8)
	evalJS[bool](t, ctx, watchTimed)
	// Every write to the live status line, to check that the wait is
	// announced once, not every second or every job.
	evalJS[bool](t, ctx, `(s => { window.__said = []; new MutationObserver(() => window.__said.push(s.textContent)).observe(s, {childList: true, characterData: true, subtree: true}); return true; })(`+jsq(testID("batch-status"))+`)`)
	// Two PUTs go through, the third meets a 429 that says 5 seconds.
	clock.freezeBeforeWindowEnd(time.Minute, 4500*time.Millisecond)
	clickTestID(t, ctx, "apply")
	var at429 time.Time
	for deadline := time.Now().Add(waitTimeout); at429.IsZero(); time.Sleep(10 * time.Millisecond) {
		for _, e := range d.Sim.Log() {
			if e.Status == 429 {
				at429 = time.Now()
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no 429")
		}
	}
	clock.run()
	d.Sim.SetLimits(sim.Limits{}, sim.Limits{}) // the next window has room for the rest
	waitVisible(t, ctx, testID("batch-wait"))
	if c := attr(t, ctx, testID("batch-wait"), "data-cause"); c != "rate-limit" {
		t.Errorf("batch-wait cause %q, want rate-limit", c)
	}
	if st := textOf(t, ctx, testID("batch-status")); !strings.HasPrefix(st, "Waiting until ") || !strings.Contains(st, "rate limit") {
		t.Errorf("batch-status during the wait: %q", st)
	}
	if evalJS[bool](t, ctx, `(e => !!e && e.checkVisibility())(`+jsq(testID("retry-now"))+`)`) {
		t.Error("retry-now is offered during a 429's Retry-After")
	}
	eta1, at1 := etaSeconds(t, ctx), time.Now()
	time.Sleep(time.Until(at429.Add(3 * time.Second)))
	eta2, at2 := etaSeconds(t, ctx), time.Now()
	if passed := at2.Sub(at1).Seconds(); eta2 >= eta1 || float64(eta1-eta2) > passed+1.1 {
		t.Errorf("ETA went from %d s to %d s in %.1f s of the wait, want it down by the time passed", eta1, eta2, passed)
	}
	if live := evalJS[string](t, ctx, `(e => { const l = e.parentElement.closest('[aria-live], [role=status], [role=alert], [role=log], [role=timer]'); return l ? l.outerHTML.slice(0, 80) : ""; })(`+jsq(testID("batch-countdown"))+`)`); live != "" {
		t.Errorf("batch-countdown is inside a live region, read out every second: %s", live)
	}
	waitGone(t, ctx, testID("job-row")+`[data-state="waiting"]`)
	said := evalJS[[]string](t, ctx, "window.__said")
	waits := 0
	for i, s := range said {
		if i > 0 && s == said[i-1] {
			t.Errorf("the live status line was written again with the same words (announced again): %q", s)
		}
		if strings.HasPrefix(s, "Waiting until ") {
			waits++
		}
	}
	if waits != 1 {
		t.Errorf("the wait was announced %d times, want once: %q", waits, said)
	}
	vals := evalJS[map[string][]seen](t, ctx, "window.__seen")
	countdownRun(t, "job-countdown", vals["job"], vals["late"])
	countdownRun(t, "batch-countdown", vals["batch"], vals["late"])

	waitJS(t, ctx, "a job done after the wait", `document.querySelectorAll('[data-testid="job-row"][data-state="done"]').length >= 3`)
	clickTestID(t, ctx, "pause")
	waitBatch(t, ctx, "paused", 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	if n := count(t, ctx, testID("eta")); n != 0 {
		t.Errorf("an ETA shows while paused: %q", textOf(t, ctx, testID("eta")))
	}
	clickTestID(t, ctx, "resume")
	waitBatch(t, ctx, "done", time.Minute)
	if n := count(t, ctx, testID("eta")); n != 0 {
		t.Error("an ETA shows after the batch ended")
	}
	shots(t, ctx, "batch-done", 1366)
}

// etaSeconds reads the ETA in seconds ("about 7 seconds left").
func etaSeconds(t *testing.T, ctx context.Context) int {
	t.Helper()
	waitTestID(t, ctx, "eta")
	s := textOf(t, ctx, testID("eta"))
	f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(s, "·")), "about "))
	if len(f) < 2 || !strings.HasPrefix(f[1], "second") {
		t.Fatalf("ETA %q is not in seconds", s)
	}
	n, err := strconv.Atoi(f[0])
	if err != nil {
		t.Fatalf("ETA %q: %v", s, err)
	}
	return n
}

// TestTrustRetryNowDuringServerBackoff: while every job waits out a server
// error's backoff, retry-now sends at once, and the tries count.
func TestTrustRetryNowDuringServerBackoff(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 34}, "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	planAdds(t, ctx, d, 2)
	d.Sim.SetFaults(sim.Faults{Rate5xx: 1})
	clickTestID(t, ctx, "apply")
	old := waitTimeout
	waitTimeout = 60 * time.Second
	waitJS(t, ctx, "a server backoff of 3 s or more with retry-now", `(w => w && w.checkVisibility() && w.dataset.cause === "server" &&
		+document.querySelector('[data-testid="batch-countdown"]').textContent >= 3 &&
		document.querySelector('[data-testid="retry-now"]').checkVisibility())(`+jsq(testID("batch-wait"))+`)`)
	waitTimeout = old
	for _, n := range texts(t, ctx, testID("job-row")+" td.num") {
		if n == "0" {
			t.Errorf("a job shows 0 tries after failed reads: %v", texts(t, ctx, testID("job-row")+" td.num"))
			break
		}
	}
	if st := textOf(t, ctx, testID("batch-status")); !strings.Contains(st, "server error") {
		t.Errorf("batch-status during the backoff: %q", st)
	}
	// Screenshots here, not during the 429's countdown: a capture holds the
	// page's main thread, which the countdown test would take for a slow
	// countdown.
	shots(t, ctx, "batch-waiting")
	waitVisible(t, ctx, testID("retry-now"))
	d.Sim.SetFaults(sim.Faults{})
	sent := len(d.Sim.Log())
	// The click's own moment, in the page: a driven click takes a while to
	// arrive, which is no delay of the page's.
	evalJS[bool](t, ctx, jsq(testID("retry-now"))+`.addEventListener("click", () => window.__retryAt = Date.now(), {once: true}), true`)
	clickTestID(t, ctx, "retry-now")
	var clicked time.Time
	for start := time.Now(); clicked.IsZero(); time.Sleep(10 * time.Millisecond) {
		if ms := evalJS[float64](t, ctx, "window.__retryAt || 0"); ms > 0 {
			clicked = time.UnixMilli(int64(ms))
		} else if time.Since(start) > 5*time.Second {
			t.Fatal("the retry-now click never arrived")
		}
	}
	for {
		var first *sim.Entry
		for _, e := range d.Sim.Log()[sent:] {
			if strings.HasPrefix(e.Path, "/api/v2/architect/ivrs/") {
				first = &e
				break
			}
		}
		if first != nil {
			if lag := first.Time.Sub(clicked); lag > 500*time.Millisecond {
				t.Errorf("the first IVR request after retry-now left %v after the click", lag)
			}
			break
		}
		if time.Since(clicked) > 2*time.Second {
			t.Fatal("retry-now sent nothing within 2 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	waitBatch(t, ctx, "done", 10*time.Second)
}

// TestTrustCancelledBatchWords: a cancelled batch says what was done and
// what was not sent, and its bar shows the parts.
func TestTrustCancelledBatchWords(t *testing.T) {
	d := startStack(t, fast(35, 60*time.Second), "implicit") // 100 PUTs a minute: 0.6 s apart
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	planAdds(t, ctx, d, 20)
	clickTestID(t, ctx, "apply")
	waitJS(t, ctx, "three jobs done", `document.querySelectorAll('[data-testid="job-row"][data-state="done"]').length >= 3`)
	waitTestID(t, ctx, "eta")
	waitJS(t, ctx, "the chart with its limit line", `(c => c && c.checkVisibility() && c.querySelector(".limit-line").checkVisibility() && c.querySelector(".plot").getAttribute("aria-label").includes("limit believed now"))(`+jsq(testID("rate-chart"))+`)`)
	shots(t, ctx, "batch-running")
	clickTestID(t, ctx, "cancel")
	confirmYes(t, ctx)
	waitBatch(t, ctx, "cancelled", 10*time.Second)
	done := count(t, ctx, testID("job-row")+`[data-state="done"]`)
	cancelled := count(t, ctx, testID("job-row")+`[data-state="cancelled"]`)
	want := fmt.Sprintf("Cancelled: %d updated, 0 failed, %d cancelled (not sent). Updates already sent stay applied.", done, cancelled)
	if got := textOf(t, ctx, testID("batch-status")); got != want {
		t.Errorf("batch-status %q, want %q", got, want)
	}
	if got := attr(t, ctx, testID("progress"), "aria-valuetext"); !strings.Contains(got, fmt.Sprintf("%d done", done)) || !strings.Contains(got, fmt.Sprintf("%d cancelled", cancelled)) {
		t.Errorf("progress says %q", got)
	}
	parts := evalJS[[]float64](t, ctx, `[...document.querySelectorAll('[data-testid="progress"] .bar-part')].map(e => e.getBoundingClientRect().width)`)
	full := evalJS[float64](t, ctx, jsq(testID("progress"))+".getBoundingClientRect().width")
	if len(parts) != 3 || parts[0] <= 0 || parts[2] <= 0 || parts[0] >= full*0.9 {
		t.Errorf("bar parts %v of %v px: want done and cancelled each shown, done not the whole bar", parts, full)
	}
	if n := count(t, ctx, testID("eta")); n != 0 {
		t.Error("an ETA shows for a cancelled batch")
	}
	shots(t, ctx, "batch-cancelled", 1366)
}

// TestTrustSignInAgainNotice: after the page signs in again by itself in
// the middle of a batch, the notice says so (the page did not close), and it
// goes when the batch ends.
func TestTrustSignInAgainNotice(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 36, Window: 3 * time.Second, Faults: sim.Faults{RevokeAfterPUTs: 6}}, "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	planAdds(t, ctx, d, 30)
	clickTestID(t, ctx, "apply")
	waitAttr(t, ctx, testID("batch-status"), "data-state", "waiting-auth")
	waitJS(t, ctx, "the notice after signing in again", `(n => n && n.checkVisibility() && n.textContent.includes("Signed in again"))(`+jsq(testID("notice"))+`)`)
	if strings.Contains(textOf(t, ctx, testID("notice")), "closed") {
		t.Errorf("notice %q says the page closed", textOf(t, ctx, testID("notice")))
	}
	waitBatch(t, ctx, "done", time.Minute)
	waitJS(t, ctx, "the notice gone", `!`+jsq(testID("notice"))+`.checkVisibility()`)
}
