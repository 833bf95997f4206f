package e2e

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// The holiday chore of issue 13 through the page: "Christmas Day 2026" onto
// the holiday list of 120 of the org's 150 schedule groups, against an org
// that enforces far less than the page believes (so 429s with a Retry-After
// of a few seconds are met), then undone.

// xmasWindow is the rate-limit window, shrunk from a minute so that the
// batch meets several windows in seconds. The page is told the same through
// config.json (devserver's WindowSeconds follows Sim.Window).
const xmasWindow = 6 * time.Second

// xmasEnforced is the org's real schedule-group PUT limit per window: a
// quarter of the 100 the page starts from, as Genesys does not publish it.
const xmasEnforced = 25

// watchCountdowns records in the page every value job-countdown and
// batch-countdown show, as they appear: a poll could miss a 1 s countdown on
// a busy machine, a MutationObserver does not.
const watchCountdowns = `(() => {
	window.__xmas = {job: [], batch: []};
	const sels = {job: '[data-testid="job-countdown"]', batch: '[data-testid="batch-countdown"]'};
	const rec = () => {
		for (const k in sels) {
			for (const e of document.querySelectorAll(sels[k])) {
				if (!e.checkVisibility()) continue;
				const v = e.textContent.trim(), a = window.__xmas[k];
				if (a[a.length - 1] !== v) a.push(v);
			}
		}
	};
	new MutationObserver(rec).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
	rec();
	return true;
})()`

// TestChristmasOnScheduleGroups: 120 ticked groups get "Christmas Day 2026"
// on their holiday list through a paced batch that meets 429s and shows a
// countdown; exactly those groups change, on that list only; the undo puts
// every group back as it was.
func TestChristmasOnScheduleGroups(t *testing.T) {
	defer func(old time.Duration) { testTimeout = old }(testTimeout)
	testTimeout = 10 * time.Minute
	began := time.Now()
	clock := &simClock{}
	d := startStack(t, sim.Options{Seed: 25, IVRs: 40, Window: xmasWindow, Clock: clock,
		Enforced: sim.Limits{ScheduleGroupPut: xmasEnforced}}, "implicit")
	t.Cleanup(func() { logPutsPerWindow(t, d.Sim.Log(), xmasWindow) })
	before, names := map[string]sim.ScheduleGroup{}, map[string]string{}
	var order []string
	for _, g := range d.Sim.ScheduleGroups() {
		before[g.ID], names[g.ID] = g, g.Name
		order = append(order, g.ID)
	}
	if len(order) < 150 {
		t.Fatalf("the simulator seeded %d schedule groups, want 150", len(order))
	}
	xmas := scheduleID(t, d.Sim, sim.ScheduleChristmas2026)
	// 120 groups, not a run of them: every fifth group is left out.
	var picked, left []string
	for i, id := range order {
		if i%5 == 2 {
			left = append(left, id)
		} else {
			picked = append(picked, id)
		}
	}
	picked = picked[:120]
	left = append(left, order[len(picked)+len(left):]...)
	isPicked := map[string]bool{}
	for _, id := range picked {
		isPicked[id] = true
	}

	ctx := newBrowser(t)
	signInAs(t, ctx, d, sim.UserAdmin)
	clickTestID(t, ctx, "kind-schedule-groups")
	waitCount(t, ctx, testID("group-row"), len(order))
	checkKind(t, ctx, "kind-schedule-groups", "")

	// Select all, then untick the groups left out, as a person would.
	clickTestID(t, ctx, "group-select-filtered")
	waitJS(t, ctx, "every group ticked", fmt.Sprintf(`document.querySelectorAll('[data-testid="group-select"]:checked').length === %d`, len(order)))
	evalJS[any](t, ctx, fmt.Sprintf(`(ids => { for (const id of ids) document.querySelector('[data-testid="group-row"][data-id="' + id + '"] [data-testid="group-select"]').click(); })(%s), null`,
		jsArray(left)))
	waitJS(t, ctx, "120 groups ticked", `document.querySelectorAll('[data-testid="group-select"]:checked').length === 120`)
	if ticked := attrsWhere(t, ctx, `[data-testid="group-row"]:has([data-testid="group-select"]:checked)`, "data-id"); !sameSet(ticked, picked) {
		t.Fatalf("ticked %d groups that are not the 120 picked", len(ticked))
	}
	if c := textOf(t, ctx, testID("group-selection-count")); !strings.Contains(c, "120") {
		t.Errorf("group-selection-count %q does not say 120", c)
	}

	chooseOption(t, ctx, "group-list-choice", "holiday", "")
	chooseOption(t, ctx, "group-schedule", "", sim.ScheduleChristmas2026)
	clickTestID(t, ctx, "op-add")
	waitCount(t, ctx, testID("preview-row"), 120)
	if got := attrs(t, ctx, testID("preview-row"), "data-id"); !sameSet(got, picked) {
		t.Fatalf("the preview's rows are not the 120 ticked groups")
	}
	if s := textOf(t, ctx, testID("preview-summary")); !strings.Contains(s, "120 schedule groups change in 120 updates") {
		t.Errorf("preview-summary %q", s)
	}
	if n := count(t, ctx, testID("preview-error")); n != 0 {
		t.Fatalf("%d preview errors: %q", n, texts(t, ctx, testID("preview-error")))
	}

	// Apply: 120 updates are asked about first.
	applyBatch := runGroupsBatch(t, ctx, d.Sim, clock, "apply", picked, names)
	log := d.Sim.Log()
	n429, putsOK := checkGroupPuts(t, log, isPicked)
	t.Logf("apply: %s; %d PUTs answered 429, job-countdown showed %v, batch-countdown %v",
		applyBatch.took.Round(100*time.Millisecond), n429, applyBatch.job, applyBatch.batch)
	if n429 == 0 {
		t.Error("the batch met no 429: the test did not test pacing under the org's real limit")
	}
	checkCountdowns(t, "apply", applyBatch)
	for _, id := range picked {
		if putsOK[id] != 1 {
			t.Errorf("group %s got %d successful PUTs, want 1", before[id].Name, putsOK[id])
		}
	}
	listShows(t, ctx, picked, left, "after the batch")
	after := map[string]sim.ScheduleGroup{}
	for _, g := range d.Sim.ScheduleGroups() {
		after[g.ID] = g
	}
	for _, id := range order {
		b, a := before[id], after[id]
		if !isPicked[id] {
			if diff := groupDiff(b, a, true); diff != "" {
				t.Errorf("group %s was not picked and changed: %s", b.Name, diff)
			}
			continue
		}
		want := b
		want.HolidaySchedules = append(slices.Clone(b.HolidaySchedules), sim.Ref{ID: xmas})
		if diff := groupDiff(want, a, false); diff != "" {
			t.Errorf("group %s after the batch: %s", b.Name, diff)
		}
		if a.Version != b.Version+1 {
			t.Errorf("group %s: version %d → %d, want one update", b.Name, b.Version, a.Version)
		}
	}

	// Undo: the preview restores the 120 groups; applied, every group is
	// as it was before the batch.
	sent := len(log)
	clickTestID(t, ctx, "undo")
	waitCount(t, ctx, testID("preview-row"), 120)
	if got := attrs(t, ctx, testID("preview-row"), "data-id"); !sameSet(got, picked) {
		t.Fatalf("the undo's preview rows are not the 120 changed groups")
	}
	for _, row := range texts(t, ctx, testID("preview-row")) {
		if !strings.Contains(row, "Holiday list: ") || strings.Contains(row, "Open list") || strings.Contains(row, "Closed list") {
			t.Errorf("undo preview row %q: want only the holiday list", row)
			break
		}
	}
	if a := textOf(t, ctx, testID("apply")); !strings.Contains(a, "undo") {
		t.Errorf("apply says %q on the undo's preview", a)
	}
	undoBatch := runGroupsBatch(t, ctx, d.Sim, clock, "undo", picked, names)
	undoLog := d.Sim.Log()[sent:]
	n429Undo, putsUndo := checkGroupPuts(t, undoLog, isPicked)
	t.Logf("undo: %s; %d PUTs answered 429, job-countdown showed %v, batch-countdown %v",
		undoBatch.took.Round(100*time.Millisecond), n429Undo, undoBatch.job, undoBatch.batch)
	if n429Undo == 0 {
		t.Error("the undo met no 429")
	}
	checkCountdowns(t, "undo", undoBatch)
	for _, id := range picked {
		if putsUndo[id] != 1 {
			t.Errorf("undo: group %s got %d successful PUTs, want 1", before[id].Name, putsUndo[id])
		}
	}
	for _, g := range d.Sim.ScheduleGroups() {
		if diff := groupDiff(before[g.ID], g, !isPicked[g.ID]); diff != "" {
			t.Errorf("group %s after the undo: %s", g.Name, diff)
		}
	}
	listShows(t, ctx, nil, order, "after the undo")
	t.Logf("the whole test took %s", time.Since(began).Round(time.Second))
}

// groupsBatch is what runGroupsBatch saw of one batch.
type groupsBatch struct {
	took       time.Duration
	job, batch []string // countdown values shown, in order
}

// runGroupsBatch applies the preview on screen (answering the question a
// batch over 100 updates asks), screenshots it while it runs, waits until it
// is done and checks its job rows: one per group of ids, each named, done.
//
// A 429 with a Retry-After of 5 s is forced, whatever the machine's speed:
// the simulator's clock stops 4.5 s before the end of a window until the
// batch has spent that window's budget and met its 429 (Retry-After is the
// time left in the window), then runs on.
func runGroupsBatch(t *testing.T, ctx context.Context, s *sim.Server, clock *simClock, name string, ids []string, names map[string]string) groupsBatch {
	t.Helper()
	evalJS[bool](t, ctx, watchCountdowns)
	waitJS(t, ctx, "apply enabled", `!`+jsq(testID("apply"))+`.disabled`)
	sent := len(s.Log())
	clock.freezeBeforeWindowEnd(xmasWindow, 4500*time.Millisecond)
	start := time.Now()
	clickTestID(t, ctx, "apply")
	confirmYes(t, ctx)
	waitBatch(t, ctx, "running", time.Minute)
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if slices.ContainsFunc(s.Log()[sent:], func(e sim.Entry) bool { return e.Method == "PUT" && e.Status == 429 }) {
			break
		}
		if time.Now().After(deadline) {
			clock.run()
			t.Fatalf("%s: no 429 after the window's %d PUTs", name, xmasEnforced)
		}
	}
	clock.run()
	if n := count(t, ctx, testID("preview-row")); n != 0 {
		t.Errorf("%d preview rows stay on screen while the batch runs", n)
	}
	// The screenshots show the batch waiting out a 429 when it gets to one
	// before it ends; a batch that ends first is caught by the caller.
	waitJSFor(t, ctx, "a countdown or the end of the batch", 3*time.Minute,
		`[...document.querySelectorAll('[data-testid="job-countdown"], [data-testid="batch-countdown"]')].some(e => e.checkVisibility()) || `+
			jsq(testID("batch-status"))+`.dataset.state !== "running"`)
	if attr(t, ctx, testID("batch-status"), "data-state") == "running" {
		checkRunningGroups(t, ctx, names)
		for _, vp := range viewports {
			setViewport(t, ctx, vp.w, vp.h)
			if over := evalJS[int](t, ctx, "document.documentElement.scrollWidth - document.documentElement.clientWidth"); over > 0 {
				t.Errorf("%s batch at %d px: the page scrolls sideways by %d px", name, vp.w, over)
			}
			shoot(t, ctx, vp.name+"-groups-"+name+"-running")
		}
		if name == "apply" {
			axe, err := os.ReadFile(axeFile)
			if err != nil {
				t.Fatalf("axe-core is not installed (%v): run scripts/test.sh deps", err)
			}
			checkAxe(t, ctx, axe, "a running schedule groups batch")
		}
		setViewport(t, ctx, 1280, 900)
	}
	waitBatch(t, ctx, "done", 4*time.Minute)
	took := time.Since(start)
	waitCount(t, ctx, testID("job-row"), len(ids))
	if got := attrs(t, ctx, testID("job-row"), "data-id"); !sameSet(got, ids) {
		t.Errorf("%s: the job rows are not the %d groups", name, len(ids))
	}
	if n := count(t, ctx, testID("job-row")+`[data-state="done"]`); n != len(ids) {
		t.Errorf("%s: %d of %d jobs done; states %v", name, n, len(ids), attrs(t, ctx, testID("job-row"), "data-state"))
	}
	if n := count(t, ctx, testID("job-row")+`[data-ivr-id]`); n != 0 {
		t.Errorf("%s: %d group job rows carry data-ivr-id", name, n)
	}
	checkRunningGroups(t, ctx, names)
	if v := attr(t, ctx, testID("progress"), "aria-valuenow"); v != strconv.Itoa(len(ids)) {
		t.Errorf("%s: progress aria-valuenow %s, want %d", name, v, len(ids))
	}
	seen := evalJS[map[string][]string](t, ctx, "window.__xmas")
	return groupsBatch{took: took, job: seen["job"], batch: seen["batch"]}
}

// listShows waits until the group list shows Christmas Day 2026 on the
// holiday line of the groups with and not on those without: the list keeps
// up with what the batch wrote, with no reload.
func listShows(t *testing.T, ctx context.Context, with, without []string, when string) {
	t.Helper()
	waitJS(t, ctx, "the group list "+when, fmt.Sprintf(`(() => {
		const has = id => [...document.querySelectorAll('[data-testid="group-row"][data-id="' + id + '"] .sched-line')].some(l => l.textContent.startsWith("Holiday:") && l.textContent.includes(%s));
		return %s.every(has) && !%s.some(has);
	})()`, jsString(sim.ScheduleChristmas2026), jsArray(with), jsArray(without)))
}

// checkCountdowns checks that a countdown showed while the batch waited out
// its 429s, each value a whole number of seconds within the window.
func checkCountdowns(t *testing.T, name string, b groupsBatch) {
	t.Helper()
	if len(b.job) == 0 && len(b.batch) == 0 {
		t.Errorf("%s: no job-countdown or batch-countdown showed while the batch waited out its 429s", name)
	}
	for _, v := range slices.Concat(b.job, b.batch) {
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > int(xmasWindow/time.Second) {
			t.Errorf("%s: a countdown showed %q, want whole seconds from 1 to %d", name, v, int(xmasWindow/time.Second))
		}
	}
}

// checkRunningGroups checks the words of a group batch: every job row names
// its group (names by id), and nothing in the batch speaks of IVRs.
func checkRunningGroups(t *testing.T, ctx context.Context, names map[string]string) {
	t.Helper()
	rows := evalJS[[][2]string](t, ctx, `[...document.querySelectorAll('[data-testid="job-row"]')].map(r => [r.dataset.id, r.cells[0].textContent.trim()])`)
	for _, r := range rows {
		if r[1] != names[r[0]] {
			t.Errorf("the job row of group %s is labelled %q, want %q", r[0], r[1], names[r[0]])
			break
		}
	}
	words := evalJS[string](t, ctx, `document.querySelector('.batch').innerText`)
	for _, line := range strings.Split(words, "\n") {
		if strings.Contains(line, "IVR") {
			t.Errorf("the schedule groups batch speaks of IVRs: %q", line)
		}
	}
}

// checkGroupPuts checks that every PUT of log went to one of the picked
// schedule groups, and returns the 429s met and the successful PUTs per group.
func checkGroupPuts(t *testing.T, log []sim.Entry, picked map[string]bool) (n429 int, ok map[string]int) {
	t.Helper()
	ok = map[string]int{}
	for _, e := range log {
		if e.Method != "PUT" || e.External {
			continue
		}
		id, isGroup := strings.CutPrefix(e.Path, "/api/v2/architect/schedulegroups/")
		if !isGroup || !picked[id] {
			t.Errorf("PUT %s (%d): not one of the picked groups", e.Path, e.Status)
			continue
		}
		switch e.Status {
		case 429:
			n429++
		case 200:
			ok[id]++
		default:
			t.Errorf("PUT %s answered %d", e.Path, e.Status)
		}
	}
	return n429, ok
}

// groupDiff says how b differs from a, "" when they are the same: every
// list by schedule id and order, and the group's own fields. With
// sameVersion the version and modification stamps must match too (a group
// nobody wrote).
func groupDiff(want, got sim.ScheduleGroup, sameVersion bool) string {
	var d []string
	ids := func(rs []sim.Ref) []string {
		out := []string{}
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	for _, l := range []struct {
		name      string
		want, got []sim.Ref
	}{{"open", want.OpenSchedules, got.OpenSchedules}, {"closed", want.ClosedSchedules, got.ClosedSchedules}, {"holiday", want.HolidaySchedules, got.HolidaySchedules}} {
		if w, g := ids(l.want), ids(l.got); !slices.Equal(w, g) {
			d = append(d, fmt.Sprintf("%s list %v, want %v", l.name, g, w))
		}
	}
	if want.Name != got.Name || want.Description != got.Description || want.TimeZone != got.TimeZone || want.State != got.State {
		d = append(d, fmt.Sprintf("name/description/zone/state %q/%q/%q/%q, want %q/%q/%q/%q",
			got.Name, got.Description, got.TimeZone, got.State, want.Name, want.Description, want.TimeZone, want.State))
	}
	if (want.Division == nil) != (got.Division == nil) || want.Division != nil && want.Division.ID != got.Division.ID {
		d = append(d, "division changed")
	}
	if sameVersion && (want.Version != got.Version || want.DateModified != got.DateModified || want.ModifiedBy != got.ModifiedBy) {
		d = append(d, fmt.Sprintf("version %d modified %s, want %d modified %s", got.Version, got.DateModified, want.Version, want.DateModified))
	}
	return strings.Join(d, "; ")
}

// scheduleID is the id of the active schedule named name.
func scheduleID(t *testing.T, s *sim.Server, name string) string {
	t.Helper()
	for _, sc := range s.Schedules() {
		if sc.Name == name && sc.State != sim.StateDeleted {
			return sc.ID
		}
	}
	t.Fatalf("no schedule %q in the simulator", name)
	return ""
}

// chooseOption picks an option of the <select> with testid id, by value or
// (value "") by its text, as a person's choice fires change.
func chooseOption(t *testing.T, ctx context.Context, id, value, text string) {
	t.Helper()
	waitJS(t, ctx, "the options of "+id, fmt.Sprintf(`[...%s.options].some(o => o.value === %s || o.textContent === %s)`,
		jsq(testID(id)), jsString(value), jsString(text)))
	evalJS[any](t, ctx, fmt.Sprintf(`(s => { s.value = %s || [...s.options].find(o => o.textContent === %s).value; s.dispatchEvent(new Event("change", {bubbles: true})); })(%s), null`,
		jsString(value), jsString(text), jsq(testID(id))))
}

// attrsWhere is attrs for any CSS selector.
func attrsWhere(t *testing.T, ctx context.Context, sel, name string) []string {
	t.Helper()
	return evalJS[[]string](t, ctx, fmt.Sprintf(`[...document.querySelectorAll(%s)].map(e => e.getAttribute(%s))`, jsString(sel), jsString(name)))
}

// waitJSFor is waitJS with its own time limit.
func waitJSFor(t *testing.T, ctx context.Context, what string, limit time.Duration, expr string) {
	t.Helper()
	old := waitTimeout
	waitTimeout = limit
	defer func() { waitTimeout = old }()
	waitJS(t, ctx, what, expr)
}

func jsArray(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = jsString(s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

func sameSet(a, b []string) bool {
	set := func(ss []string) map[string]bool {
		m := map[string]bool{}
		for _, s := range ss {
			m[s] = true
		}
		return m
	}
	return len(a) == len(b) && maps.Equal(set(a), set(b))
}

// logPutsPerWindow logs, per rate-limit window since the first PUT, how many
// PUTs succeeded and how many met a 429: how the page paced itself.
func logPutsPerWindow(t *testing.T, log []sim.Entry, window time.Duration) {
	var first time.Time
	var lines []string
	ok, refused := map[int]int{}, map[int]int{}
	last := -1
	for _, e := range log {
		if e.Method != "PUT" || e.External {
			continue
		}
		if first.IsZero() {
			first = e.Time
		}
		w := int(e.Time.Sub(first) / window)
		last = max(last, w)
		if e.Status == 429 {
			refused[w]++
		} else {
			ok[w]++
		}
	}
	for w := 0; w <= last; w++ {
		lines = append(lines, fmt.Sprintf("%d/%d", ok[w], refused[w]))
	}
	t.Logf("PUTs per %s since the first (sent/429): %s", window, strings.Join(lines, " "))
	routes := map[string]int{}
	for _, e := range log {
		if !first.IsZero() && !e.Time.Before(first) {
			routes[e.Method+" "+e.Route]++
		}
	}
	t.Logf("requests since the first PUT, by route: %v", routes)
}
