package app

import (
	"sort"
	"sync"
	"time"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/journal"
)

// History is the page's list of past batches (CONTRACT.md §5 history-row).
type History struct {
	Rev     int
	Entries []journal.HistoryEntry // newest first
	Dropped int                    // older batches dropped to stay within the bounds
}

// workflows is the state of the admin workflows (history, uploads, the
// last input for the problems export); one field of App.
type workflows struct {
	mu    sync.Mutex
	who   journal.Who
	input string // the last CSV loaded, for the problems export
	gen   int    // the latest load; an older one still parsing is dropped
}

func (a *App) history() *journal.History { return &journal.History{Store: a.d.Local} }

// startHistory remembers who signed in (for the history and exports) and
// shows the history. A finished batch that the journal holds and the
// history does not (recorded by an older version) is added.
func (a *App) startHistory(me genesys.User) {
	a.wf.mu.Lock()
	a.wf.who = journal.Who{User: me.Name, UserID: me.ID, Org: a.orgWords()}
	a.wf.mu.Unlock()
	if rec, err := a.journal().Peek(); err == nil && rec != nil && journal.BatchFinished(rec.State) {
		if _, err := a.history().Batch(rec.ID); err != nil {
			_ = a.history().Add(*rec, journal.Who{}, rec.Updated)
		}
	}
	a.refreshHistory()
}

// orgWords names the org for the history: its region, the one thing the
// page knows about it before any permission is needed.
func (a *App) orgWords() string {
	if a.settings.Env != "" {
		return a.settings.Env
	}
	return a.settings.APIBase
}

func (a *App) who() journal.Who {
	a.wf.mu.Lock()
	defer a.wf.mu.Unlock()
	return a.wf.who
}

// recordHistory adds the batch rs ran, now ended, to the history. It runs
// before the end is broadcast, so other tabs re-reading the history on that
// message find it.
func (a *App) recordHistory(rs *runState) {
	rs.mu.Lock()
	rec := rs.rec
	rec.Jobs = append([]journal.JobRecord(nil), rs.rec.Jobs...)
	rs.mu.Unlock()
	if err := a.history().Add(rec, a.who(), a.d.Now()); err != nil {
		a.notice("The batch finished but could not be added to the history: "+words(err), true)
	}
	a.refreshHistory()
}

// refreshHistory re-reads the history (it is shared by every tab).
func (a *App) refreshHistory() {
	entries, dropped := a.history().List()
	a.update(func(v *View) {
		rev := 1
		if v.History != nil {
			rev = v.History.Rev + 1
		}
		v.History = &History{Rev: rev, Entries: entries, Dropped: dropped}
	})
}

// awaitHistory shows the history once it holds batch id. Another tab
// records a batch before it tells this one the batch ended, but Chromium
// hands localStorage writes to other tabs later than BroadcastChannel
// messages, so the first read here may miss it: read again for a while.
func (a *App) awaitHistory(id string) {
	if a.refreshHistoryHas(id) {
		return
	}
	go func() {
		for range 25 {
			select {
			case <-a.ctx.Done():
				return
			case <-time.After(200 * time.Millisecond):
			}
			if a.refreshHistoryHas(id) {
				return
			}
		}
	}()
}

// refreshHistoryHas re-reads the history and reports whether it holds id.
func (a *App) refreshHistoryHas(id string) bool {
	a.refreshHistory()
	for _, e := range a.View().History.Entries {
		if e.ID == id {
			return true
		}
	}
	return false
}

// HistoryUndo prepares the undo of any batch of the history as the preview.
// Its plan re-reads the IVRs first; every number that changed since the
// batch is a conflict (a problem) and is left as it is, never overwritten.
func (a *App) HistoryUndo(id string) {
	go func() {
		rec, err := a.history().Batch(id)
		if err != nil {
			a.notice("That batch cannot be undone: "+words(err), true)
			return
		}
		a.DiscardPreview()
		a.notice("Reading the IVRs again to check what changed since that batch…", false)
		if err := a.loadIVRs(); err != nil {
			a.notice("The IVRs could not be read again, so the undo was not prepared: "+words(err), true)
			return
		}
		before := make(map[string][]string, len(rec.Before))
		for ivr, b := range rec.Before {
			before[ivr] = b.DNIS
		}
		ivrs := a.View().IVRs
		changes, conflicts := dnis.UndoSince(rec.Results(), before, ivrs)
		p := dnis.PlanChanges(ivrs, changes)
		p.Problems = append(conflicts, p.Problems...)
		sort.SliceStable(p.Problems, func(i, j int) bool { return p.Problems[i].Line < p.Problems[j].Line })
		if len(changes) == 0 && len(conflicts) == 0 {
			p.Notes = append(p.Notes, dnis.Note{Message: "That batch changed nothing that could be undone."})
		}
		a.setPlan(&plannedBatch{kind: journal.KindUndo, plan: p})
	}()
}

// HistoryExport downloads the results of any batch of the history.
func (a *App) HistoryExport(id string) {
	rec, err := a.history().Batch(id)
	if err != nil {
		a.notice("That batch cannot be exported: "+words(err), true)
		return
	}
	var who journal.Who
	entries, _ := a.history().List()
	for _, e := range entries {
		if e.ID == id {
			who = e.Who
		}
	}
	a.exportBatch(rec, who)
}
