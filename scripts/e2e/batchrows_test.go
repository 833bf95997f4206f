package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// watchJobRowsJS starts a MutationObserver on the jobs' table. Each batch
// of records (one render of the page) names the parts of job rows it
// wrote — the row's data-state, its state cell, its tries cell — and each
// part is compared with what the observer saw of it before: a part written
// with what it already showed is a rewrite for nothing, and a rewrite is
// what a batch of thousands of rows cannot afford ten times a second
// (issue 14). window.__rows.changed counts the parts that did change.
const watchJobRowsJS = `(() => {
  const table = document.querySelector('[data-testid="job-row"]').closest("table");
  const part = (row, p) => p === "state" ? row.dataset.state : row.cells[p].textContent;
  const seen = new Map();
  const key = (row, p) => row.dataset.jobId + "/" + p;
  for (const row of table.querySelectorAll('[data-testid="job-row"]')) {
    for (const p of ["state", 2, 3]) seen.set(key(row, p), part(row, p));
  }
  const w = window.__rows = {changed: 0, same: [], renders: 0};
  w.observer = new MutationObserver(records => {
    const parts = new Map();
    for (const r of records) {
      const at = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
      const row = at && at.closest('[data-testid="job-row"]');
      if (!row) continue; // a new row, or a new chunk of rows
      if (at === row) {
        if (r.type === "attributes" && r.attributeName === "data-state") parts.set(key(row, "state"), [row, "state"]);
        continue;
      }
      const cell = at.closest("td");
      if (cell && cell.parentElement === row) parts.set(key(row, cell.cellIndex), [row, cell.cellIndex]);
    }
    if (parts.size) w.renders++;
    for (const [k, [row, p]] of parts) {
      const now = part(row, p);
      if (seen.get(k) === now) w.same.push(k + " = " + JSON.stringify(now));
      else w.changed++;
      seen.set(k, now);
    }
  });
  w.observer.observe(table, {subtree: true, childList: true, attributes: true, characterData: true});
})()`

// TestBatchRowsRewriteOnlyWhatChanged: while a batch runs, each update of
// the page writes only the parts of job rows that changed. A job going
// from sending to done keeps its tries: its tries cell is not written
// again; a row that did not change is not touched at all.
func TestBatchRowsRewriteOnlyWhatChanged(t *testing.T) {
	// 100 PUTs per 12 s: one every 120 ms, each answered in 60-140 ms, so
	// the page (about ten updates a second) sees jobs sending, then done.
	o := sim.Options{Seed: 41, Window: 12 * time.Second,
		Faults: sim.Faults{Latency: 60 * time.Millisecond, LatencyMax: 140 * time.Millisecond}}
	d := startStack(t, o, "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	const jobs = 60
	planAdds(t, ctx, d, jobs)
	clickTestID(t, ctx, "apply")
	waitCount(t, ctx, testID("job-row"), jobs)
	waitSel(t, ctx, testID("job-row")+`[data-state="done"]`)
	evalJS[any](t, ctx, watchJobRowsJS+"; 0")
	// Watch until a dozen more jobs moved on, with the batch still running.
	waitJS(t, ctx, "a dozen changes of job rows", `window.__rows.changed >= 24`)
	type result struct {
		Changed int      `json:"changed"`
		Same    []string `json:"same"`
		Renders int      `json:"renders"`
		Done    int      `json:"done"`
	}
	r := evalJS[result](t, ctx, `(w => { w.observer.disconnect(); return {changed: w.changed, same: w.same, renders: w.renders,
		done: document.querySelectorAll('[data-testid="job-row"][data-state="done"]').length}; })(window.__rows)`)
	t.Logf("%d updates of the page wrote %d changed parts of job rows (%d jobs done so far)", r.Renders, r.Changed, r.Done)
	if len(r.Same) > 0 {
		t.Errorf("%d parts of job rows were written with what they already showed, e.g. %s",
			len(r.Same), strings.Join(r.Same[:min(len(r.Same), 5)], "; "))
	}
	waitBatch(t, ctx, "done", 60*time.Second)
	if n := count(t, ctx, testID("job-row")+`[data-state="done"]`); n != jobs {
		t.Errorf("%d of %d jobs done", n, jobs)
	}
	// Every row in the batch's order, whatever tbody holds it.
	ids := attrs(t, ctx, testID("job-row"), "data-ivr-id")
	for i, r := range activeIVRs(d.Sim)[:jobs] {
		if i >= len(ids) || ids[i] != r.ID {
			t.Fatalf("job row %d is %v, want IVR %s", i, ids[min(i, len(ids)-1)], r.ID)
		}
	}
}

// TestBigBatchPreviewLeavesAndComesBack: yes to a batch over 100 updates
// hides its preview before the dialog closes (closing it over thousands of
// rows cost a long task); the batch starts, the preview is gone, and the
// next preview shows its rows.
func TestBigBatchPreviewLeavesAndComesBack(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 43, Window: 3 * time.Second, IVRs: 400}, "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	const jobs = 250
	planAdds(t, ctx, d, jobs)
	clickTestID(t, ctx, "apply")
	confirmYes(t, ctx)
	waitBatch(t, ctx, "running", 20*time.Second)
	waitGone(t, ctx, testID("preview-row"))
	waitBatch(t, ctx, "done", 90*time.Second)
	// The rows went a hundred to a tbody; all of them are there, in order.
	if n := evalJS[int](t, ctx, `document.querySelector('[data-testid="job-row"]').closest("table").tBodies.length`); n != 3 {
		t.Errorf("%d job rows are in %d tbody elements, want 3", jobs, n)
	}
	lines := []string{"ivr,action,number"}
	r := activeIVRs(d.Sim)[jobs]
	lines = append(lines, r.ID+",add,"+d.Sim.FreeNumbers(1)[0])
	setValue(t, ctx, testID("csv-input"), strings.Join(lines, "\n"))
	clickTestID(t, ctx, "csv-load")
	waitVisible(t, ctx, fmt.Sprintf(`[data-testid="preview-row"][data-ivr-id=%q]`, r.ID))
}
