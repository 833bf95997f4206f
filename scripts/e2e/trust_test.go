package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/sim"
)

// Tests of issue 9: what the page shows is what it does.

// shotsDir is where the screenshots for a person to look at go.
const shotsDir = "/tmp/shots-trust"

// shots captures the whole page at 1366 and 800 px wide into
// shotsDir/name-width.png, after checking that the page does not scroll
// sideways at that width; then the window is 1280 px again.
func shots(t *testing.T, ctx context.Context, name string, widths ...int64) {
	t.Helper()
	if len(widths) == 0 {
		widths = []int64{1366, 800}
	}
	for _, w := range widths {
		shot(t, ctx, name, w)
	}
	viewport(t, ctx, 1280)
}

func viewport(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	if _, err := chromedp.Run(sctx, chromedp.EmulateViewport(width, 900)); err != nil {
		t.Fatalf("viewport %d: %v", width, err)
	}
	waitJS(t, ctx, fmt.Sprintf("a layout %d px wide", width), fmt.Sprintf("window.innerWidth === %d", width))
}

func shot(t *testing.T, ctx context.Context, name string, width int64) {
	t.Helper()
	viewport(t, ctx, width)
	if over := evalJS[int](t, ctx, "document.documentElement.scrollWidth - document.documentElement.clientWidth"); over > 0 {
		t.Errorf("%s at %d px: the page scrolls sideways by %d px", name, width, over)
	}
	sctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	png, err := fullShot(sctx)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(shotsDir, fmt.Sprintf("%s-%d.png", name, width))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
}

// putTargets lists the IVR ids the client sent a PUT for, from the
// simulator's request log.
func putTargets(s *sim.Server) []string {
	var out []string
	for _, e := range s.Log() {
		if e.Method == "PUT" && !e.External && strings.HasPrefix(e.Path, "/api/v2/architect/ivrs/") {
			id := strings.TrimPrefix(e.Path, "/api/v2/architect/ivrs/")
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out
}

// previewIDs is the sorted data-ivr-id of every preview-row on screen.
func previewIDs(t *testing.T, ctx context.Context) []string {
	t.Helper()
	ids := attrs(t, ctx, testID("preview-row"), "data-ivr-id")
	slices.Sort(ids)
	return ids
}

// loadCSV pastes text and previews it, waiting for a preview of n rows.
func loadCSV(t *testing.T, ctx context.Context, text string, rows int) {
	t.Helper()
	setValue(t, ctx, testID("csv-input"), text)
	clickTestID(t, ctx, "csv-load")
	waitCount(t, ctx, testID("preview-row"), rows)
}

// applyAndCheck applies the preview on screen, waits for the batch to end,
// and checks that PUTs since sentBefore went to exactly the IVRs the preview
// showed.
func applyAndCheck(t *testing.T, ctx context.Context, d *devserver.Dev, what string) {
	t.Helper()
	shown := previewIDs(t, ctx)
	before := d.Sim.Log()
	last := attr(t, ctx, testID("batch-status"), "data-batch-id")
	clickTestID(t, ctx, "apply")
	waitGone(t, ctx, testID("preview-row"))
	// The batch this click started, not the last one's "done".
	waitJS(t, ctx, "a new batch", fmt.Sprintf(`(e => e && (e.dataset.batchId || "") !== %s)(%s)`, jsString(last), jsq(testID("batch-status"))))
	waitBatch(t, ctx, "done", 60*time.Second)
	var sent []string
	for _, e := range d.Sim.Log()[len(before):] {
		id, ok := strings.CutPrefix(e.Path, "/api/v2/architect/ivrs/")
		if e.Method == "PUT" && !e.External && ok && !slices.Contains(sent, id) {
			sent = append(sent, id)
		}
	}
	slices.Sort(sent)
	if !slices.Equal(sent, shown) {
		t.Errorf("%s: PUTs went to %v, the preview showed %v", what, sent, shown)
	}
}

// ivrsWith returns active IVRs with exactly n numbers (n < 0: at least -n).
func ivrsWith(s *sim.Server, n int) []sim.IVR {
	var out []sim.IVR
	for _, r := range activeIVRs(s) {
		if len(r.DNIS) == n || n < 0 && len(r.DNIS) >= -n {
			out = append(out, r)
		}
	}
	return out
}

// TestTrustPreviewIsWhatApplySends: the preview shows each IVR's change
// number by number, and apply sends exactly the preview on screen, after a
// discard, new input, a finished batch and an undo preview.
func TestTrustPreviewIsWhatApplySends(t *testing.T) {
	d := startStack(t, fast(31, 3*time.Second), "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	many, one := ivrsWith(d.Sim, -2), ivrsWith(d.Sim, 1)
	free := d.Sim.FreeNumbers(8)

	// "Select at least one IVR" goes once IVRs are selected.
	setValue(t, ctx, testID("numbers-input"), free[7])
	clickTestID(t, ctx, "op-add")
	waitJS(t, ctx, "the selection problem", `[...document.querySelectorAll('[data-testid="preview-error"]')].some(e => e.textContent.includes("Select at least one IVR"))`)
	selectRows(t, ctx, 1)
	waitGone(t, ctx, testID("preview-error"))
	clickTestID(t, ctx, "select-none")

	// The diff: kept plain, added and removed marked, a warning for an IVR
	// left with no numbers, plurals right.
	a, b, c := many[0], many[1], one[0]
	loadCSV(t, ctx, "ivr,action,number\n"+
		a.ID+",add,"+free[0]+"\n"+
		b.ID+",remove,"+b.DNIS[0]+"\n"+
		c.ID+",remove,"+c.DNIS[0]+"\n"+
		a.ID+",add,"+a.DNIS[0]+"\n", 3)
	if got := textOf(t, ctx, testID("preview-summary")); got != "3 IVRs change in 3 updates · 1 note." {
		t.Errorf("preview-summary %q", got)
	}
	rowA := fmt.Sprintf(`[data-testid="preview-row"][data-ivr-id=%q]`, a.ID)
	rowB := fmt.Sprintf(`[data-testid="preview-row"][data-ivr-id=%q]`, b.ID)
	rowC := fmt.Sprintf(`[data-testid="preview-row"][data-ivr-id=%q]`, c.ID)
	if got := texts(t, ctx, rowA+" ins.add"); len(got) != 1 || !strings.HasSuffix(got[0], free[0]) {
		t.Errorf("IVR A's added numbers %v, want only %s", got, free[0])
	}
	if got := texts(t, ctx, rowA+" .kept"); len(got) != len(a.DNIS) || count(t, ctx, rowA+" del") != 0 {
		t.Errorf("IVR A's kept numbers %v, want its %d numbers plain, none struck", got, len(a.DNIS))
	}
	if got := texts(t, ctx, rowB+" del.del"); len(got) != 1 || !strings.HasSuffix(got[0], b.DNIS[0]) || count(t, ctx, rowB+" .kept") != len(b.DNIS)-1 {
		t.Errorf("IVR B's removed numbers %v, want only %s struck and the rest kept", got, b.DNIS[0])
	}
	if count(t, ctx, rowC+` [data-testid="preview-warning"]`) != 1 || count(t, ctx, `[data-testid="preview-warning"]`) != 1 {
		t.Error("no warning (or more than one) for the IVR left with no numbers")
	}
	if got := textOf(t, ctx, testID("apply")); got != "Apply (3 updates)" {
		t.Errorf("apply says %q", got)
	}
	shots(t, ctx, "preview")

	// Discard, then other input: the screen shows the new input only, and
	// apply sends exactly it.
	clickTestID(t, ctx, "preview-discard")
	waitGone(t, ctx, testID("preview-row"))
	if !evalJS[bool](t, ctx, jsq(testID("apply"))+".disabled || !"+jsq(testID("apply"))+".checkVisibility()") {
		t.Error("apply is usable with no preview")
	}
	b2, c2 := many[2], many[3]
	loadCSV(t, ctx, "ivr,action,number\n"+b2.ID+",remove,"+b2.DNIS[0]+"\n"+c2.ID+",remove,"+c2.DNIS[0], 2)
	if got, want := previewIDs(t, ctx), sorted(b2.ID, c2.ID); !slices.Equal(got, want) {
		t.Fatalf("after discard the preview shows %v, want %v", got, want)
	}
	if got := textOf(t, ctx, testID("apply")); got != "Apply (2 updates)" {
		t.Errorf("apply says %q", got)
	}
	// New input and apply in one go, as a fast double action. Whatever the
	// screen shows at the click is what may start: the new input's preview
	// if it was drawn by then, else nothing (the click names the plan drawn,
	// which the new input replaced). Never the old preview's IVR.
	loadCSV(t, ctx, "ivr,action,number\n"+many[4].ID+",add,"+free[1], 1)
	atClick := evalJS[[]string](t, ctx, fmt.Sprintf(`(() => {
		const csv = %s, load = %s, apply = %s;
		csv.value = %s;
		csv.dispatchEvent(new Event("input", {bubbles: true}));
		load.click();
		const shown = [...document.querySelectorAll('[data-testid="preview-row"]')].map(r => r.dataset.ivrId);
		apply.click();
		return shown;
	})()`, jsq(testID("csv-input")), jsq(testID("csv-load")), jsq(testID("apply")),
		jsString("ivr,action,number\n"+many[5].ID+",add,"+free[2])))
	if len(atClick) == 0 || slices.Contains(atClick, many[4].ID) {
		// The old preview still on screen, or none (the load dropped the old
		// one and the new one was not drawn yet, as on a busy machine): the
		// click must start nothing.
		time.Sleep(time.Second) // give a wrong start the time to send
		if got := putTargets(d.Sim); len(got) != 0 {
			t.Fatalf("apply clicked on the replaced preview sent PUTs to %v", got)
		}
		waitJS(t, ctx, "the new preview", fmt.Sprintf(`(r => r && r.dataset.ivrId === %q)(%s)`, many[5].ID, jsq(testID("preview-row"))))
	} else {
		if !slices.Equal(atClick, []string{many[5].ID}) {
			t.Fatalf("at the click the preview showed %v, want the new input's %s", atClick, many[5].ID)
		}
		waitBatch(t, ctx, "done", 30*time.Second)
		if got := putTargets(d.Sim); !slices.Equal(got, atClick) {
			t.Fatalf("PUTs went to %v; the preview at the click showed %v", got, atClick)
		}
	}
	// A batch long enough to scroll its job table.
	var lines []string
	more := d.Sim.FreeNumbers(40)
	for i, r := range activeIVRs(d.Sim)[10:40] {
		lines = append(lines, r.ID+",add,"+more[10+i])
	}
	loadCSV(t, ctx, "ivr,action,number\n"+strings.Join(lines, "\n"), 30)
	applyAndCheck(t, ctx, d, "a batch of 30")
	evalJS[bool](t, ctx, `(w => (w.scrollTop = w.scrollHeight, w.scrollTop > 0))(document.querySelector(".jobs-wrap"))`)

	// After a finished batch: new input, exactly it.
	loadCSV(t, ctx, "ivr,action,number\n"+b2.ID+",remove,"+b2.DNIS[0]+"\n"+c2.ID+",remove,"+c2.DNIS[0], 2)
	applyAndCheck(t, ctx, d, "after a finished batch")
	if top := evalJS[float64](t, ctx, `document.querySelector(".jobs-wrap").scrollTop`); top != 0 {
		t.Errorf("the new batch's job table opened scrolled to %v px, want its top", top)
	}

	// After an undo preview: new input replaces it; apply sends the input.
	clickTestID(t, ctx, "undo")
	waitCount(t, ctx, testID("preview-row"), 2)
	if got := textOf(t, ctx, testID("apply")); got != "Apply undo (2 updates)" {
		t.Errorf("undo's apply says %q", got)
	}
	loadCSV(t, ctx, "ivr,action,number\n"+many[6].ID+",add,"+free[3], 1)
	if got := textOf(t, ctx, testID("apply")); got != "Apply (1 update)" {
		t.Errorf("after an undo preview, new input's apply says %q", got)
	}
	applyAndCheck(t, ctx, d, "after an undo preview")
	if k := attr(t, ctx, testID("batch-status"), "data-batch-kind"); k != "apply" {
		t.Errorf("the batch after an undo preview is a %q batch", k)
	}
	if strings.Contains(evalJS[string](t, ctx, "document.body.innerText"), "(s)") {
		t.Error(`the page says "(s)" somewhere`)
	}
}

func sorted(xs ...string) []string {
	slices.Sort(xs)
	return xs
}

// TestTrustProblemsAreCounted: a CSV of 250 bad rows lists the first 100,
// counts the rest, and has one alert.
func TestTrustProblemsAreCounted(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 32, IVRs: 40}, "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	lines := []string{"ivr,action,number"}
	for i := range 250 {
		lines = append(lines, fmt.Sprintf("No Such IVR %d,add,+1317555%04d", i, i))
	}
	setValue(t, ctx, testID("csv-input"), strings.Join(lines, "\n"))
	clickTestID(t, ctx, "csv-load")
	waitCount(t, ctx, testID("preview-error"), 100)
	if got := textOf(t, ctx, testID("preview-summary")); got != "250 problems." {
		t.Errorf("preview-summary %q, want %q", got, "250 problems.")
	}
	if got := textOf(t, ctx, testID("preview-more-problems")); !strings.Contains(got, "150 more problems") {
		t.Errorf("the rest are counted as %q", got)
	}
	if n := count(t, ctx, `[role="alert"]`); n != 1 {
		t.Errorf("%d elements with role=alert, want one for the whole list", n)
	}
	if !evalJS[bool](t, ctx, jsq(testID("apply"))+".disabled") {
		t.Error("apply is enabled with problems")
	}
}
