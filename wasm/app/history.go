package app

import (
	"sort"
	"sync"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/ivrnumbers"
)

// workflows is the state of the admin workflows (uploads, the last input
// for the problems export); one field of App. The history is the engine's.
type workflows struct {
	mu    sync.Mutex
	input string // the last CSV loaded, for the problems export
	gen   int    // the latest load; an older one still parsing is dropped
}

// startHistory remembers who signed in (for the history and exports) and
// shows the history.
func (a *App) startHistory(me genesys.User) {
	a.eng.StartHistory(batch.Who{User: me.Name, UserID: me.ID, Org: a.orgWords()})
}

// orgWords names the org for the history: its region, the one thing the
// page knows about it before any permission is needed.
func (a *App) orgWords() string {
	if a.settings.Env != "" {
		return a.settings.Env
	}
	return a.settings.APIBase
}

// HistoryUndo prepares the undo of any batch of the history as the preview.
// Its plan re-reads the org first; every change made since the batch is a
// conflict (a problem) or a note, and is left as it is, never overwritten.
func (a *App) HistoryUndo(id string) {
	go func() {
		rec, err := a.eng.HistoryBatch(id)
		if err != nil {
			a.notice("That batch cannot be undone: "+words(err), true)
			return
		}
		a.DiscardPreview()
		if rec.Kind != ivrnumbers.Name {
			a.undoKind(rec, "That batch changed nothing that could be undone.")
			return
		}
		a.notice("Reading the IVRs again to check what changed since that batch…", false)
		if err := a.loadIVRs(); err != nil {
			a.notice("The IVRs could not be read again, so the undo was not prepared: "+words(err), true)
			return
		}
		ivrs := a.View().IVRs
		changes, conflicts := dnis.UndoSince(ivrnumbers.Results(rec), ivrnumbers.BeforeNumbers(rec), ivrs)
		p := dnis.PlanChanges(ivrs, changes)
		p.Problems = append(conflicts, p.Problems...)
		sort.SliceStable(p.Problems, func(i, j int) bool { return p.Problems[i].Line < p.Problems[j].Line })
		if len(changes) == 0 && len(conflicts) == 0 {
			p.Notes = append(p.Notes, dnis.Note{Message: "That batch changed nothing that could be undone."})
		}
		a.setIVRPlan(batch.Undo, p)
	}()
}

// HistoryExport downloads the results of any batch of the history.
func (a *App) HistoryExport(id string) {
	rec, err := a.eng.HistoryBatch(id)
	if err != nil {
		a.notice("That batch cannot be exported: "+words(err), true)
		return
	}
	a.exportBatch(rec, a.eng.HistoryWho(id))
}
