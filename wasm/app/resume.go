package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/gcpace/gcpace/wasm/journal"
)

// The journal lives in localStorage, which every script of the page's
// origin can write (a sibling app on a shared origin, an extension). A
// batch found there is only a claim: the person's token must not run a
// claim no one in this tab made. So this tab notes in its sessionStorage,
// which is its own, the batch it started (or took over after following it
// live); after a reload it resumes that one with no click, and asks before
// running any other.

// ownKey is this tab's note in sessionStorage.
const ownKey = "gcpace/batch-here"

type ownNote struct {
	ID string `json:"id"`
	// Hold: the journal refused to record a pause or cancel (storage full),
	// so this tab keeps the batch paused across a reload instead.
	Hold bool `json:"hold,omitempty"`
}

// ownsBatch reports whether this tab started (or took over) batch id, and
// whether it must stay paused.
func (a *App) ownsBatch(id string) (mine, hold bool) {
	s, ok := a.d.Session.Get(ownKey)
	if !ok {
		return false, false
	}
	var n ownNote
	if json.Unmarshal([]byte(s), &n) != nil || n.ID != id {
		return false, false
	}
	return true, n.Hold
}

// own notes that this tab runs batch id. A tab that cannot note it would
// only be asked again after a reload: nothing to report.
func (a *App) own(id string) {
	_, hold := a.ownsBatch(id)
	a.setOwn(ownNote{ID: id, Hold: hold})
}

func (a *App) setOwn(n ownNote) error {
	b, _ := json.Marshal(n)
	return a.d.Session.Set(ownKey, string(b))
}

// ask shows a batch this tab did not start, with every job's change, and
// waits for ResumeAsked or CancelAsked.
func (a *App) ask(rec journal.Batch) {
	left := 0
	for _, j := range rec.Jobs {
		if !journal.JobEnded(j.State) {
			left++
		}
	}
	a.mu.Lock()
	a.asked = &rec
	a.last = &runState{rec: rec}
	a.mu.Unlock()
	b := batchFromRecord(rec)
	b.State = journal.BatchPaused // whatever the record says, nothing runs it here
	a.showBatch(b)
	a.update(func(v *View) {
		v.ReadOnly, v.Ask = true, true
		v.Notice, v.NoticeBad = fmt.Sprintf("This browser holds an unfinished batch that this tab did not start: %s still to send, listed below. "+
			"It runs only if you resume it.", plural(left, "IVR update", "IVR updates")), true
	})
}

// ResumeAsked runs the batch the page asked about.
func (a *App) ResumeAsked() { go a.answer(true) }

// CancelAsked cancels the batch the page asked about; nothing is sent.
func (a *App) CancelAsked() { go a.answer(false) }

func (a *App) answer(run bool) {
	a.mu.Lock()
	asked := a.asked
	a.asked = nil
	a.mu.Unlock()
	if asked == nil {
		return
	}
	release := func() {}
	if a.d.Runner != nil {
		var ok bool
		if release, ok = a.d.Runner.TryAcquire(); !ok {
			// Another tab runs it now: there is nothing left to decide here.
			a.joinBatch()
			return
		}
	}
	// The journal may have changed while the question was shown: act only
	// on the batch the person saw.
	rec, err := a.journal().Load()
	if err != nil || rec == nil || rec.ID != asked.ID || !unfinished(rec) {
		release()
		a.update(func(v *View) { v.Ask, v.ReadOnly = false, false })
		a.joinBatch()
		return
	}
	a.own(rec.ID)
	a.update(func(v *View) { v.Ask, v.ReadOnly, v.Notice = false, false, "" })
	if run {
		a.runBatch(*rec, release, false)
		return
	}
	defer release()
	if err := a.cancelRecorded(*rec); err != nil {
		a.holdPaused(rec.ID)
		a.notice("The batch could not be cancelled: "+words(err)+" This tab keeps it paused.", true)
		return
	}
	if cur, err := a.journal().Load(); err == nil && cur != nil {
		a.mu.Lock()
		a.last = &runState{rec: *cur}
		a.mu.Unlock()
		b := batchFromRecord(*cur)
		a.showBatch(b)
		a.broadcast(b)
	}
	a.notice("The batch was cancelled; nothing was sent for it from this tab.", false)
}

// cancelRecorded ends a batch that no queue runs: every job not ended is
// recorded cancelled, then the batch. A job recorded as sending may have
// landed before: its row says so rather than claim nothing was sent.
func (a *App) cancelRecorded(rec journal.Batch) error {
	jr := a.journal()
	now := a.d.Now()
	for _, j := range rec.Jobs {
		if journal.JobEnded(j.State) {
			continue
		}
		why := ""
		if j.State == journal.JobSending {
			why = "cancelled; an earlier send may have reached Genesys Cloud: check this IVR"
		}
		if err := jr.SetJob(rec.ID, j.ID, journal.JobCancelled, j.Attempts, why, now); err != nil {
			return err
		}
	}
	return jr.Finish(rec.ID, journal.BatchCancelled, now)
}

// holdPaused keeps batch id paused in this tab across a reload when the
// journal could not record it so.
func (a *App) holdPaused(id string) error { return a.setOwn(ownNote{ID: id, Hold: true}) }

// unhold lets batch id run again after a reload (the journal recorded it).
func (a *App) unhold(id string) {
	if _, hold := a.ownsBatch(id); hold {
		_ = a.setOwn(ownNote{ID: id})
	}
}

// stopNotRecorded reports that the journal refused to record a pause or a
// cancel (state): the queue has stopped anyway, and this tab keeps the
// batch paused after a reload.
func (a *App) stopNotRecorded(id, state string, err error) {
	kept := "This tab keeps it paused, also after a reload; another tab could still resume it."
	if a.holdPaused(id) != nil {
		kept = "A reload could start it again: pause it again after reloading, or free space first."
	}
	what := "paused"
	if state == journal.BatchCancelled {
		what = "cancelled"
	}
	a.notice(fmt.Sprintf("The batch stopped, but it could not be recorded as %s: %s %s", what, words(err), kept), true)
}

// reportJournal words what the journal could not read. Whether anything was
// sent for an unreadable batch cannot be known from here: it says so.
func (a *App) reportJournal(err error) {
	if err == nil {
		return
	}
	a.notice(journalWords(err), true)
}

func journalWords(err error) string {
	var ne *journal.NewerError
	if errors.As(err, &ne) {
		return "This browser holds a batch saved by a newer version of gcpace, which this page cannot read; it was left as it is. " +
			"Reload the page to get the newer version."
	}
	var ce *journal.CorruptError
	if errors.As(err, &ce) {
		where := "It was left where it is for the tab that runs batches to set aside."
		if ce.KeptAs != ce.Key {
			where = "It was kept aside as " + ce.KeptAs + "."
		}
		switch {
		case strings.Contains(ce.Key, "/j/"):
			return "One job's saved state could not be read (" + ce.Reason + "). " + where +
				" Its IVR is read again before anything more is sent to it."
		case strings.HasSuffix(ce.Key, "/state"):
			return "The batch's saved state could not be read (" + ce.Reason + "). " + where +
				" It stays paused until you resume it."
		}
		return "A saved batch record could not be read (" + ce.Reason + "). " + where +
			" Some of its changes may already have been sent: check the IVRs it was changing in Genesys Cloud."
	}
	return "The saved batch could not be read: " + words(err)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// finishNotRecorded reports a batch end the journal refused. A done batch
// needs nothing more (a reload finds every job ended and finishes it); a
// cancelled one would run again after a reload, so this tab holds it paused.
func (a *App) finishNotRecorded(id, state string, err error) {
	if state == journal.BatchCancelled {
		a.stopNotRecorded(id, state, err)
		return
	}
	a.notice("The batch ended, but its end could not be recorded: "+words(err), true)
}
