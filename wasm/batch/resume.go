package batch

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/pacer"
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

// OwnsBatch reports whether this tab started (or took over) batch id, and
// whether it must stay paused.
func (e *Engine) OwnsBatch(id string) (mine, hold bool) {
	s, ok := e.c.Session.Get(ownKey)
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
func (e *Engine) own(id string) {
	_, hold := e.OwnsBatch(id)
	e.setOwn(ownNote{ID: id, Hold: hold})
}

func (e *Engine) setOwn(n ownNote) error {
	b, _ := json.Marshal(n)
	return e.c.Session.Set(ownKey, string(b))
}

// updates counts a batch's jobs in its kind's words.
func (e *Engine) updates(kind string, n int) string {
	if k := e.kind(kind); k != nil {
		return k.Updates(n)
	}
	if n == 1 {
		return "1 update"
	}
	return fmt.Sprintf("%d updates", n)
}

// thing names one object a batch's jobs edit.
func (e *Engine) thing(kind string) string {
	if k := e.kind(kind); k != nil {
		return k.Thing()
	}
	return "object"
}

// ask shows a batch this tab did not start, with every job's change, and
// waits for ResumeAsked or CancelAsked.
func (e *Engine) ask(rec Record) {
	left := 0
	for _, j := range rec.Jobs {
		if !j.State.Ended() {
			left++
		}
	}
	e.mu.Lock()
	e.asked = &rec
	e.last = &runState{rec: rec}
	e.mu.Unlock()
	b := e.fromRecord(rec)
	b.State = pacer.BatchPaused // whatever the record says, nothing runs it here
	e.show(b)
	e.c.Host.Update(func(v *Screen) {
		v.ReadOnly, v.Ask = true, true
		v.Notice, v.NoticeBad = fmt.Sprintf("This browser holds an unfinished batch that this tab did not start: %s still to send, listed below. "+
			"It runs only if you resume it.", e.updates(rec.Kind, left)), true
	})
}

// ResumeAsked runs the batch the page asked about.
func (e *Engine) ResumeAsked() { go e.answer(true) }

// CancelAsked cancels the batch the page asked about; nothing is sent.
func (e *Engine) CancelAsked() { go e.answer(false) }

func (e *Engine) answer(run bool) {
	e.mu.Lock()
	asked := e.asked
	e.asked = nil
	e.mu.Unlock()
	if asked == nil {
		return
	}
	release := func() {}
	if e.c.Runner != nil {
		var ok bool
		if release, ok = e.c.Runner.TryAcquire(); !ok {
			// Another tab runs it now: there is nothing left to decide here.
			e.Join()
			return
		}
	}
	// The journal may have changed while the question was shown: act only
	// on the batch the person saw.
	rec, err := e.journal().Load()
	if err != nil || rec == nil || rec.ID != asked.ID || !unfinished(rec) {
		release()
		e.c.Host.Update(func(v *Screen) { v.Ask, v.ReadOnly = false, false })
		e.Join()
		return
	}
	e.own(rec.ID)
	e.c.Host.Update(func(v *Screen) { v.Ask, v.ReadOnly, v.Notice = false, false, "" })
	if run {
		e.runBatch(*rec, release, false)
		return
	}
	defer release()
	if err := e.cancelRecorded(*rec); err != nil {
		e.holdPaused(rec.ID)
		e.notice("The batch could not be cancelled: "+e.words(err)+" This tab keeps it paused.", true)
		return
	}
	if cur, err := e.journal().Load(); err == nil && cur != nil {
		e.setLast(*cur)
		b := e.fromRecord(*cur)
		e.show(b)
		e.broadcast(b)
	}
	e.notice("The batch was cancelled; nothing was sent for it from this tab.", false)
}

// cancelRecorded ends a batch that no queue runs: every job not ended is
// recorded cancelled, then the batch. A job recorded as sending may have
// landed before: its row says so rather than claim nothing was sent.
func (e *Engine) cancelRecorded(rec Record) error {
	jr := e.journal()
	now := e.now()
	for _, j := range rec.Jobs {
		if j.State.Ended() {
			continue
		}
		why := ""
		if j.State == pacer.JobSending {
			why = "cancelled; an earlier send may have reached Genesys Cloud: check this " + e.thing(rec.Kind)
		}
		if err := jr.SetJob(rec.ID, j.ID, pacer.JobCancelled, j.Attempts, why, now); err != nil {
			return err
		}
	}
	return jr.Finish(rec.ID, pacer.BatchCancelled, now)
}

// holdPaused keeps batch id paused in this tab across a reload when the
// journal could not record it so.
func (e *Engine) holdPaused(id string) error { return e.setOwn(ownNote{ID: id, Hold: true}) }

// unhold lets batch id run again after a reload (the journal recorded it).
func (e *Engine) unhold(id string) {
	if _, hold := e.OwnsBatch(id); hold {
		_ = e.setOwn(ownNote{ID: id})
	}
}

// stopNotRecorded reports that the journal refused to record a pause or a
// cancel (state): the queue has stopped anyway, and this tab keeps the
// batch paused after a reload.
func (e *Engine) stopNotRecorded(id string, state pacer.BatchState, err error) {
	kept := "This tab keeps it paused, also after a reload; another tab could still resume it."
	if e.holdPaused(id) != nil {
		kept = "A reload could start it again: pause it again after reloading, or free space first."
	}
	what := "paused"
	if state == pacer.BatchCancelled {
		what = "cancelled"
	}
	e.notice(fmt.Sprintf("The batch stopped, but it could not be recorded as %s: %s %s", what, e.words(err), kept), true)
}

// reportJournal words what the journal could not read. Whether anything was
// sent for an unreadable batch cannot be known from here: it says so.
func (e *Engine) reportJournal(err error) {
	if err == nil {
		return
	}
	e.notice(e.journalWords(err), true)
}

func (e *Engine) journalWords(err error) string {
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
				" What it changes is read again before anything more is sent to it."
		case strings.HasSuffix(ce.Key, "/state"):
			return "The batch's saved state could not be read (" + ce.Reason + "). " + where +
				" It stays paused until you resume it."
		}
		return "A saved batch record could not be read (" + ce.Reason + "). " + where +
			" Some of its changes may already have been sent: check what it was changing in Genesys Cloud."
	}
	return "The saved batch could not be read: " + e.words(err)
}

// finishNotRecorded reports a batch end the journal refused. A done batch
// needs nothing more (a reload finds every job ended and finishes it); a
// cancelled one would run again after a reload, so this tab holds it paused.
func (e *Engine) finishNotRecorded(id string, state pacer.BatchState, err error) {
	if state == pacer.BatchCancelled {
		e.stopNotRecorded(id, state, err)
		return
	}
	e.notice("The batch ended, but its end could not be recorded: "+e.words(err), true)
}
