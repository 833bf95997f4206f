//go:build js && wasm

package ui

import (
	"fmt"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// mutations records every change to the DOM below root until taken: what
// a frame has to restyle, lay out and paint again.
type mutations struct{ obs js.Value }

func watchMutations(t *testing.T, root elem) *mutations {
	t.Helper()
	m := &mutations{obs: js.Global().Get("MutationObserver").New(js.FuncOf(func(js.Value, []js.Value) any { return nil }))}
	m.obs.Call("observe", val(root), map[string]any{"subtree": true, "childList": true, "attributes": true, "characterData": true})
	t.Cleanup(func() { m.obs.Call("disconnect") })
	return m
}

// take returns the changes since the last take, one line each.
func (m *mutations) take() []string {
	recs := m.obs.Call("takeRecords")
	var out []string
	for i := range recs.Length() {
		r := recs.Index(i)
		target := r.Get("target")
		where := target.Get("nodeName").String()
		if c := target.Get("className"); c.Type() == js.TypeString && c.String() != "" {
			where += "." + strings.ReplaceAll(c.String(), " ", ".")
		}
		what := r.Get("type").String()
		switch what {
		case "attributes":
			what += " " + r.Get("attributeName").String()
		case "childList":
			// Elements made (not only words): the costlier kind of change.
			added := r.Get("addedNodes")
			for j := range added.Length() {
				if added.Index(j).Get("nodeType").Int() == 1 {
					what = "elements"
					break
				}
			}
		}
		out = append(out, what+" on "+where)
	}
	return out
}

func paintBatch(rev, done int, now time.Time) *app.Batch {
	bt := &app.Batch{Rev: rev, ID: "b1", Kind: "ivr-numbers", Purpose: "apply", State: pacer.BatchRunning,
		Total: 4, Ended: done, Done: done, Bucket: "PUT /api/v2/architect/ivrs/{ivrId}", Rate: done, Limit: 10,
		Window: time.Minute, ETAAt: now.Add(90 * time.Second),
		History: []app.Window{{Sent: 3}, {Sent: 2 + done}}}
	for i := range 4 {
		st := pacer.JobQueued
		if i < done {
			st = pacer.JobDone
		}
		bt.Jobs = append(bt.Jobs, app.Job{ID: fmt.Sprint("j", i), Key: fmt.Sprint("ivr-", i), Label: fmt.Sprint("Line ", i),
			Summary: "add +1317555010" + fmt.Sprint(i), State: st, Attempts: min(1, done-i+1)})
	}
	return bt
}

// A render of a batch that changed nothing the page shows writes nothing
// to the DOM; one job more done rewrites that row, the counts and the
// chart's heights, and keeps every chart bar it had. The page renders ten
// times a second while a batch runs: each needless write was restyled,
// laid out and painted again in the next frame (issue 14).
func TestBatchRenderWritesOnlyChanges(t *testing.T) {
	u := &UI{}
	t.Cleanup(u.Close)
	b := newBatchView(u)
	mount(t, b.root)
	now := time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC)
	b.render(app.View{Screen: screenOf(paintBatch(1, 1, now))}, now)
	b.refresh(now)
	m := watchMutations(t, b.root)
	bars := val(b.chart.bars).Get("childElementCount").Int()
	if bars != 2 {
		t.Fatalf("%d chart bars, want 2", bars)
	}
	first := val(b.chart.bars).Get("firstElementChild")

	// The same batch published again (a new Rev, nothing else new).
	b.render(app.View{Screen: screenOf(paintBatch(2, 1, now))}, now)
	b.refresh(now)
	if got := m.take(); len(got) != 0 {
		t.Errorf("a render with nothing new wrote %d changes: %v", len(got), got)
	}

	// One job more done.
	b.render(app.View{Screen: screenOf(paintBatch(3, 2, now))}, now)
	b.refresh(now)
	got := m.take()
	if len(got) == 0 {
		t.Fatal("a job done changed nothing in the page")
	}
	for _, c := range got {
		if strings.HasPrefix(c, "elements on") && !strings.Contains(c, "TD.state") {
			t.Errorf("a job done made elements outside its state cell: %s (all: %v)", c, got)
		}
	}
	if n := val(b.chart.bars).Get("childElementCount").Int(); n != 2 || !val(b.chart.bars).Get("firstElementChild").Equal(first) {
		t.Errorf("the chart has %d bars after a job done, its first one new: %v", n, !val(b.chart.bars).Get("firstElementChild").Equal(first))
	}
	if s := b.stats.TextContent(); s != "2 of 4 updates ended · 2 done · 0 failed · about 2 minutes left" {
		t.Errorf("stats say %q", s)
	}
	if got := b.fillDone.Style().GetPropertyValue("transform"); got != "scaleX(0.5)" {
		t.Errorf("the done part is drawn %q, want scaleX(0.5) for 2 of 4", got)
	}
}

func screenOf(bt *app.Batch) batch.Screen { return batch.Screen{Batch: bt} }
