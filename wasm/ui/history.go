//go:build js && wasm

package ui

import (
	"fmt"
	"strings"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// historyView lists the past batches of this browser profile, newest first,
// each with its undo and export. One listener on the list serves every row
// (rows are redrawn when the history changes, and a listener per row would
// have to be released each time).
type historyView struct {
	root    elem
	dropped elem
	list    elem
	rev     int
	busy    bool
}

func newHistoryView(u *UI) *historyView {
	h := &historyView{rev: -1}
	h.dropped = el("p", attrs{"class", "muted", "data-testid", "history-dropped", "hidden", ""})
	h.list = el("ul", attrs{"class", "history", "aria-label", "Past batches, newest first"})
	h.root = el("div", attrs{"class", "history-wrap", "hidden", ""},
		el("h2", nil, "History"), h.dropped, h.list)
	wf := u.wf()
	u.on(h.list, "click", func(ev dom.Event) {
		btn := ev.Target().Underlying().Call("closest", "button[data-batch-id]")
		if btn.IsNull() || btn.Get("disabled").Bool() {
			return
		}
		id := btn.Get("dataset").Get("batchId").String()
		switch btn.Get("dataset").Get("testid").String() {
		case "history-undo":
			wf.HistoryUndo(id)
		case "history-export":
			wf.HistoryExport(id)
		}
	})
	return h
}

func (h *historyView) render(v app.View) {
	hs := v.History
	setBool(h.root, "hidden", hs == nil || len(hs.Entries) == 0)
	busy := v.ReadOnly || (v.Batch != nil && !v.Batch.Finished()) || v.Phase != app.PhaseReady
	if hs == nil || (hs.Rev == h.rev && busy == h.busy) {
		return
	}
	h.rev, h.busy = hs.Rev, busy
	setBool(h.dropped, "hidden", hs.Dropped == 0)
	h.dropped.SetTextContent(fmt.Sprintf("%s dropped from the history to keep it within the last %d batches and %d MB.",
		plural(hs.Dropped, "older batch was", "older batches were"), batch.HistoryMaxBatches, batch.HistoryMaxBytes>>20))
	rows := make([]node, 0, len(hs.Entries))
	for _, e := range hs.Entries {
		undo := button("history-undo", "Undo", "data-batch-id", e.ID, "aria-label", "Undo the batch of "+when(e.Created))
		export := button("history-export", "Export", "data-batch-id", e.ID, "aria-label", "Export the results of the batch of "+when(e.Created))
		undo.SetDisabled(busy || !e.Kept || e.Done == 0)
		export.SetDisabled(!e.Kept)
		rows = append(rows, el("li", attrs{"data-testid", "history-row", "data-batch-id", e.ID, "data-state", string(e.State), "class", "history-row"},
			el("span", attrs{"class", "what"}, historyWords(e)),
			el("span", attrs{"class", "row"}, undo, export)))
	}
	replace(h.list, rows)
}

// historyWords names the kind, counts, who and when of a past batch.
func historyWords(e batch.HistoryEntry) string {
	kind := "Change"
	if e.Purpose == batch.Undo {
		kind = "Undo"
	}
	updates := plural(e.Jobs, "IVR update", "IVR updates")
	if e.Kind == schedgroups.Name {
		updates = plural(e.Jobs, "schedule group update", "schedule group updates")
	}
	counts := []string{fmt.Sprintf("%d done", e.Done)}
	if e.Failed > 0 {
		counts = append(counts, fmt.Sprintf("%d failed", e.Failed))
	}
	if e.Cancelled > 0 {
		counts = append(counts, fmt.Sprintf("%d cancelled", e.Cancelled))
	}
	s := fmt.Sprintf("%s of %s: %s · %s", kind, updates, strings.Join(counts, ", "), when(e.Created))
	if e.Who.User != "" {
		s += " · by " + e.Who.User
		if e.Who.UserID != "" {
			s += " (" + e.Who.UserID + ")"
		}
	}
	if e.Who.Org != "" {
		s += " · " + e.Who.Org
	}
	if !e.Kept {
		s += " · too large to keep its details"
	}
	return s
}

func when(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") }
