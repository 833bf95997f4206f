package e2e

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/sim"
)

// fast is a simulator whose rate-limit window is shrunk so a batch of a
// hundred PUTs takes seconds, not a minute.
func fast(seed int64, window time.Duration) sim.Options {
	return sim.Options{Seed: seed, Window: window}
}

// waitBatch waits for batch-status to reach state, for up to limit.
func waitBatch(t *testing.T, ctx context.Context, state string, limit time.Duration) {
	t.Helper()
	old := waitTimeout
	waitTimeout = limit
	defer func() { waitTimeout = old }()
	waitAttr(t, ctx, testID("batch-status"), "data-state", state)
}

func puts(s *sim.Server) int {
	n := 0
	for _, e := range s.Log() {
		if e.Method == "PUT" && !e.External {
			n++
		}
	}
	return n
}

// selectedRowIDs selects the first n IVR rows, paging through the list, and
// returns their ids in list order.
func selectRows(t *testing.T, ctx context.Context, n int) []string {
	t.Helper()
	var ids []string
	for len(ids) < n {
		page := attrs(t, ctx, testID("ivr-row"), "data-ivr-id")
		for _, id := range page {
			if len(ids) == n {
				break
			}
			click(t, ctx, fmt.Sprintf(`[data-testid="ivr-row"][data-ivr-id=%q] [data-testid="ivr-select"]`, id))
			ids = append(ids, id)
		}
		if len(ids) < n {
			clickTestID(t, ctx, "ivr-next")
			waitJS(t, ctx, "the next page", fmt.Sprintf(`document.querySelector('[data-testid="ivr-row"]').dataset.ivrId !== %q`, page[0]))
		}
	}
	return ids
}

// TestSelectAndAddTo120 hands 120 new numbers to 120 selected IVRs (one
// each, in list order) and checks that exactly that changed in the org.
func TestSelectAndAddTo120(t *testing.T) {
	d := startStack(t, fast(11, 3*time.Second), "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	before := map[string][]string{}
	for _, r := range d.Sim.IVRs() {
		before[r.ID] = r.DNIS
	}
	ids := selectRows(t, ctx, 120)
	free := d.Sim.FreeNumbers(120)
	setValue(t, ctx, testID("numbers-input"), strings.Join(free, "\n"))
	clickTestID(t, ctx, "op-add")
	waitCount(t, ctx, testID("preview-row"), 120)
	if n := count(t, ctx, testID("preview-error")); n != 0 {
		t.Fatalf("%d preview errors: %v", n, texts(t, ctx, testID("preview-error")))
	}
	clickTestID(t, ctx, "apply")
	confirmYes(t, ctx) // over 100 updates
	waitBatch(t, ctx, "done", 90*time.Second)
	if got := attr(t, ctx, testID("progress"), "aria-valuenow"); got != "120" {
		t.Errorf("progress aria-valuenow = %s, want 120", got)
	}
	if n := count(t, ctx, testID("job-row")+`[data-state="done"]`); n != 120 {
		t.Errorf("%d jobs done, want 120", n)
	}
	want := map[string]string{}
	for i, id := range ids {
		want[id] = free[i]
	}
	for _, r := range d.Sim.IVRs() {
		exp := before[r.ID]
		if num, ok := want[r.ID]; ok {
			exp = append(slices.Clone(exp), num)
		}
		if !slices.Equal(r.DNIS, exp) {
			t.Errorf("IVR %s (%s) holds %v, want %v", r.ID, r.Name, r.DNIS, exp)
		}
	}
	// The list shows the new numbers.
	setValue(t, ctx, testID("ivr-filter"), free[0])
	waitJS(t, ctx, "the filtered row with its new number", fmt.Sprintf(`[...document.querySelectorAll('[data-testid="ivr-dnis"]')].some(e => e.textContent.split(",").includes(%q))`, free[0]))
}

// TestCSVRowsCheckedBeforeAnythingIsSent: bad rows are reported with their
// line, apply stays disabled, nothing is sent; once fixed, the batch runs.
func TestCSVRowsCheckedBeforeAnythingIsSent(t *testing.T) {
	d := startStack(t, fast(12, 3*time.Second), "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	ivrs := activeIVRs(d.Sim)
	free := d.Sim.FreeNumbers(3)
	good := []string{
		ivrs[0].ID + ",add," + free[0],
		ivrs[1].Name + ",add,+1 (" + free[1][2:5] + ") " + free[1][5:8] + "-" + free[1][8:],
	}
	csv := "ivr,action,number\n" + good[0] + "\n" +
		"No Such IVR,add," + free[2] + "\n" + // line 3
		good[1] + "\n" +
		ivrs[2].ID + ",add,555-0100\n" + // line 5
		ivrs[3].ID + ",replace," + free[2] + "\n" // line 6
	setValue(t, ctx, testID("csv-input"), csv)
	clickTestID(t, ctx, "csv-load")
	waitCount(t, ctx, testID("preview-error"), 3)
	errs := texts(t, ctx, testID("preview-error"))
	for i, line := range []string{"Line 3", "Line 5", "Line 6"} {
		if !strings.HasPrefix(errs[i], line) {
			t.Errorf("error %d = %q, want it to start with %q", i, errs[i], line)
		}
	}
	if !evalJS[bool](t, ctx, jsq(testID("apply"))+".disabled") {
		t.Fatal("apply is enabled with errors in the preview")
	}
	evalJS[bool](t, ctx, jsq(testID("apply"))+".click(), true")
	time.Sleep(500 * time.Millisecond) // a real browser: give a wrong click the time to send
	if n := puts(d.Sim); n != 0 {
		t.Fatalf("%d PUTs sent for an invalid CSV", n)
	}
	setValue(t, ctx, testID("csv-input"), "ivr,action,number\n"+strings.Join(good, "\n")+"\n")
	clickTestID(t, ctx, "csv-load")
	waitCount(t, ctx, testID("preview-row"), 2)
	if n := count(t, ctx, testID("preview-error")); n != 0 {
		t.Fatalf("errors after the fix: %v", texts(t, ctx, testID("preview-error")))
	}
	clickTestID(t, ctx, "apply")
	waitBatch(t, ctx, "done", 30*time.Second)
	for i, id := range []string{ivrs[0].ID, ivrs[1].ID} {
		r, _ := d.Sim.IVR(id)
		if !slices.Contains(r.DNIS, free[i]) {
			t.Errorf("IVR %s holds %v, want %s", id, r.DNIS, free[i])
		}
	}
}

func activeIVRs(s *sim.Server) []sim.IVR {
	var out []sim.IVR
	names := map[string]int{}
	for _, r := range s.IVRs() {
		names[r.Name]++
	}
	for _, r := range s.IVRs() {
		if r.State != sim.StateDeleted && names[r.Name] == 1 && !strings.ContainsAny(r.Name, "<>&,\"") {
			out = append(out, r)
		}
	}
	return out
}

// planAdds previews adding one free number to each of the first n IVRs via CSV.
func planAdds(t *testing.T, ctx context.Context, d *devserver.Dev, n int) map[string]string {
	t.Helper()
	ivrs := activeIVRs(d.Sim)[:n]
	free := d.Sim.FreeNumbers(n)
	lines := []string{"ivr,action,number"}
	want := map[string]string{}
	for i, r := range ivrs {
		lines = append(lines, r.ID+",add,"+free[i])
		want[r.ID] = free[i]
	}
	setValue(t, ctx, testID("csv-input"), strings.Join(lines, "\n"))
	clickTestID(t, ctx, "csv-load")
	waitCount(t, ctx, testID("preview-row"), n)
	return want
}

// TestRateLimitedJobCountsDown: the org enforces far less than documented,
// so a job meets a 429 and shows a countdown that goes down second by second.
func TestRateLimitedJobCountsDown(t *testing.T) {
	o := sim.Options{Seed: 13, Window: 20 * time.Second, Enforced: sim.Limits{IVRPut: 2}}
	d := startStack(t, o, "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	planAdds(t, ctx, d, 5)
	clickTestID(t, ctx, "apply")
	waitSel(t, ctx, testID("job-row")+`[data-state="waiting"] `+testID("job-countdown"))
	sel := testID("job-row") + `[data-state="waiting"] ` + testID("job-countdown")
	first, err := strconv.Atoi(textOf(t, ctx, sel))
	if err != nil || first < 1 {
		t.Fatalf("countdown %q is not a positive whole number", textOf(t, ctx, sel))
	}
	time.Sleep(2200 * time.Millisecond) // a real browser ticks in real time
	second, err := strconv.Atoi(textOf(t, ctx, sel))
	if err != nil || second >= first {
		t.Fatalf("countdown went from %d to %q, want it lower", first, textOf(t, ctx, sel))
	}
	row := jsq(testID("job-row") + `[data-state="waiting"]`)
	if why := evalJS[string](t, ctx, row+".textContent"); !strings.Contains(strings.ToLower(why), "rate limit") {
		t.Errorf("waiting row says %q, want the reason (rate limit)", why)
	}
	var n429 int
	for _, e := range d.Sim.Log() {
		if e.Status == 429 {
			n429++
		}
	}
	if n429 == 0 {
		t.Error("the simulator answered no 429")
	}
}

// TestPauseResumeCancel drives the batch controls.
func TestPauseResumeCancel(t *testing.T) {
	d := startStack(t, fast(14, 60*time.Second), "implicit") // 100 PUTs a minute: 0.6 s apart
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	planAdds(t, ctx, d, 40)
	clickTestID(t, ctx, "apply")
	waitBatch(t, ctx, "running", 10*time.Second)
	waitJS(t, ctx, "a job done", `document.querySelectorAll('[data-testid="job-row"][data-state="done"]').length >= 2`)
	clickTestID(t, ctx, "pause")
	waitBatch(t, ctx, "paused", 10*time.Second)
	time.Sleep(time.Second) // let what was in flight land
	sent := puts(d.Sim)
	time.Sleep(2 * time.Second)
	if n := puts(d.Sim); n != sent {
		t.Fatalf("%d PUTs sent while paused", n-sent)
	}
	clickTestID(t, ctx, "resume")
	waitBatch(t, ctx, "running", 10*time.Second)
	waitJS(t, ctx, "more PUTs after resume", fmt.Sprintf(`document.querySelectorAll('[data-testid="job-row"][data-state="done"]').length > %d`, sent))
	clickTestID(t, ctx, "cancel")
	confirmYes(t, ctx)
	waitBatch(t, ctx, "cancelled", 10*time.Second)
	cancelled := count(t, ctx, testID("job-row")+`[data-state="cancelled"]`)
	done := count(t, ctx, testID("job-row")+`[data-state="done"]`)
	if cancelled == 0 || done+cancelled != 40 {
		t.Errorf("after cancel: %d done, %d cancelled of 40", done, cancelled)
	}
	if now, max := attr(t, ctx, testID("progress"), "aria-valuenow"), attr(t, ctx, testID("progress"), "aria-valuemax"); now != "40" || max != "40" {
		t.Errorf("progress %s of %s, want 40 of 40", now, max)
	}
	time.Sleep(time.Second)
	if n := puts(d.Sim); n != done {
		t.Errorf("%d PUTs for %d done jobs", n, done)
	}
}

// TestUndoRestoresEveryIVR applies a batch, then undoes it.
func TestUndoRestoresEveryIVR(t *testing.T) {
	d := startStack(t, fast(15, 3*time.Second), "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	before := map[string][]string{}
	for _, r := range d.Sim.IVRs() {
		before[r.ID] = r.DNIS
	}
	want := planAdds(t, ctx, d, 12)
	clickTestID(t, ctx, "apply")
	waitBatch(t, ctx, "done", 30*time.Second)
	for id, num := range want {
		if r, _ := d.Sim.IVR(id); !slices.Contains(r.DNIS, num) {
			t.Fatalf("IVR %s lacks %s after the batch", id, num)
		}
	}
	clickTestID(t, ctx, "undo")
	waitCount(t, ctx, testID("preview-row"), 12)
	emptied := false // the undo leaves an IVR that had no numbers with none again: asked
	for id := range want {
		emptied = emptied || len(before[id]) == 0
	}
	clickTestID(t, ctx, "apply")
	answerApply(t, ctx, emptied)
	waitAttr(t, ctx, testID("batch-status"), "data-batch-kind", "undo")
	waitBatch(t, ctx, "done", 30*time.Second)
	for _, r := range d.Sim.IVRs() {
		if !slices.Equal(r.DNIS, before[r.ID]) {
			t.Errorf("after undo IVR %s holds %v, want %v", r.ID, r.DNIS, before[r.ID])
		}
	}
	clickTestID(t, ctx, "export-results")
}

// TestHTMLNameRendersAsText: an IVR named like markup is shown as text.
func TestHTMLNameRendersAsText(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 1}, "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	var name string
	for _, r := range d.Sim.IVRs() {
		if strings.Contains(r.Name, "<img") && r.State != sim.StateDeleted {
			name = r.Name
		}
	}
	if name == "" {
		t.Fatal("the sample org has no IVR named like HTML")
	}
	setValue(t, ctx, testID("ivr-filter"), "Promo")
	waitJS(t, ctx, "the row", fmt.Sprintf(`[...document.querySelectorAll('[data-testid="ivr-row"]')].some(r => r.dataset.ivrName === %s)`, jsString(name)))
	if n := count(t, ctx, "#app img"); n != 0 {
		t.Errorf("%d img elements in the page: a name was parsed as HTML", n)
	}
	if !evalJS[bool](t, ctx, fmt.Sprintf(`document.body.textContent.includes(%s)`, jsString(name))) {
		t.Error("the name is not shown as text")
	}
	// The preview's rows and the batch's are made from descriptions in
	// one call (boot.js's __gcpaceBuild): the name stays text there too.
	var id string
	for _, r := range d.Sim.IVRs() {
		if r.Name == name {
			id = r.ID
		}
	}
	click(t, ctx, fmt.Sprintf(`[data-testid="ivr-row"][data-ivr-id=%q] [data-testid="ivr-select"]`, id))
	setValue(t, ctx, testID("numbers-input"), d.Sim.FreeNumbers(1)[0])
	clickTestID(t, ctx, "op-add")
	waitCount(t, ctx, testID("preview-row"), 1)
	if got := textOf(t, ctx, testID("preview-row")+" .name"); got != name {
		t.Errorf("the preview row names %q, want %q", got, name)
	}
	clickTestID(t, ctx, "apply")
	waitBatch(t, ctx, "done", 30*time.Second)
	if got := textOf(t, ctx, testID("job-row")+" td"); got != name {
		t.Errorf("the job row names %q, want %q", got, name)
	}
	if n := count(t, ctx, "#app img"); n != 0 {
		t.Errorf("%d img elements in the page after preview and batch: a name was parsed as HTML", n)
	}
}
