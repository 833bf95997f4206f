package app

import (
	"encoding/json"

	"github.com/gcpace/gcpace/wasm/journal"
)

// joinBatch picks up the journal's latest batch after the page loaded: a
// finished one is shown (export, undo); an unfinished one is resumed when
// this tab can become the runner and may run it (see resume.go), else
// watched read-only until it can.
func (a *App) joinBatch() { a.joinHolding(nil, "") }

// joinHolding is joinBatch for a tab that may already hold the runner lock
// (held non-nil): it keeps it to resume, or releases it when there is
// nothing to resume. Releasing a granted lock only to try for it again
// would hand it to the next waiting tab, which would do the same: two
// watching tabs would pass the lock back and forth and neither would run.
//
// followed names the batch this tab watched another tab run: it takes that
// one over with no click, as its notice promised. Any other unfinished batch
// runs only in the tab that started it; elsewhere it is followed while a tab
// runs it, else the page asks (resume.go). Only a tab that may run the
// batch takes the lock, so a follower always follows a real runner.
//
// Only the runner repairs the journal: a tab without the lock reads it with
// Peek, so an older copy of the page watching a newer one's batch moves
// nothing aside.
func (a *App) joinHolding(held func(), followed string) {
	a.listenTabs()
	jr := a.journal()
	rec, err := jr.Peek()
	if unfinished(rec) && !a.mayRun(rec.ID, followed) {
		a.notMine(*rec, err, held)
		return
	}
	if held == nil && a.d.Runner != nil && (err != nil || unfinished(rec)) {
		if release, ok := a.d.Runner.TryAcquire(); ok {
			held = release
		} else if unfinished(rec) {
			a.reportJournal(err)
			a.watchBatch(*rec)
			return
		}
	}
	if held != nil || a.d.Runner == nil {
		rec, err = jr.Load()
		if unfinished(rec) && !a.mayRun(rec.ID, followed) {
			a.notMine(*rec, err, held) // it changed meanwhile
			return
		}
	}
	a.reportJournal(err)
	if !unfinished(rec) {
		if held != nil {
			held() // nothing to resume
		}
		if rec != nil {
			a.mu.Lock()
			a.last = &runState{rec: *rec}
			a.mu.Unlock()
			a.showBatch(batchFromRecord(*rec))
		}
		return
	}
	if held == nil {
		held = func() {}
	}
	_, hold := a.ownsBatch(rec.ID)
	a.update(func(v *View) {
		v.ReadOnly, v.Ask = false, false
		if err == nil {
			v.Notice, v.NoticeBad = "Picked up the batch that was running when the page closed; nothing already applied is sent again.", false
			if rec.State == journal.BatchWaitingAuth {
				// The page left to sign in again and came back: it did not close.
				v.Notice = "Signed in again; the batch goes on where it stopped, and nothing already applied is sent again."
			}
			v.NoticeBatch = rec.ID // the notice goes when this batch ends
		}
	})
	if hold && err == nil {
		a.notice("This batch stays paused: the pause (or cancel) could not be saved in the browser's storage, and this tab kept it instead.", true)
	}
	a.runBatch(*rec, held, rec.State == journal.BatchPaused || hold)
}

// mayRun reports whether this tab may run batch id with no click: it
// started it, or took it over (followed is the batch it watched run).
func (a *App) mayRun(id, followed string) bool {
	if mine, _ := a.ownsBatch(id); mine {
		return true
	}
	if followed == id {
		a.own(id)
		return true
	}
	return false
}

// notMine shows an unfinished batch this tab may not run by itself: it
// follows it while another tab runs it, else asks the person.
func (a *App) notMine(rec journal.Batch, err error, held func()) {
	a.reportJournal(err)
	if held != nil {
		// No tab runs it: this one held the lock. (Asking the browser now
		// could still find the lock held, by this very tab.)
		held()
		a.ask(rec)
		return
	}
	if a.d.Runner != nil && a.d.Runner.Held() {
		a.watchBatch(rec)
		return
	}
	a.ask(rec)
}

func unfinished(rec *journal.Batch) bool { return rec != nil && !journal.BatchFinished(rec.State) }

// watchBatch shows a batch another tab runs, and takes it over if that tab
// goes away (the lock is released when a tab closes, crashes, or is put in
// the back-forward cache).
func (a *App) watchBatch(rec journal.Batch) {
	a.update(func(v *View) {
		v.ReadOnly, v.Ask = true, false
		v.Notice, v.NoticeBad = "Another gcpace tab is running this batch. This tab follows it live and takes over if that tab closes.", false
	})
	a.mu.Lock()
	a.last = &runState{rec: rec}
	a.asked = nil
	a.mu.Unlock()
	a.showBatch(batchFromRecord(rec))
	go func() {
		release, ok := a.d.Runner.Acquire(a.ctx)
		if !ok {
			return // the page closed, or went into the back-forward cache (Restored joins again)
		}
		a.update(func(v *View) { v.ReadOnly, v.Notice = false, "" })
		a.joinHolding(release, rec.ID)
	}()
}

// listenTabs shows batches other tabs run, as they report them.
func (a *App) listenTabs() {
	if a.d.Channel == nil {
		return
	}
	a.mu.Lock()
	if a.listening {
		a.mu.Unlock()
		return
	}
	a.listening = true
	a.mu.Unlock()
	a.d.Channel.Listen(func(msg string) {
		var b Batch
		if json.Unmarshal([]byte(msg), &b) != nil {
			return
		}
		a.mu.Lock()
		mine := a.run != nil
		asked := a.asked != nil && a.asked.ID == b.ID && !b.Finished()
		if asked {
			a.asked = nil
		}
		a.mu.Unlock()
		if mine {
			return
		}
		if asked {
			// The tab that started it took it back: follow it instead of asking.
			go a.joinBatch()
		}
		a.showBatch(&b)
		if b.Finished() {
			a.update(func(v *View) { v.ReadOnly, v.Ask, v.Notice = false, false, "" })
		}
	})
}

// broadcast tells other tabs how the batch stands.
func (a *App) broadcast(b *Batch) {
	if a.d.Channel == nil {
		return
	}
	if msg, err := json.Marshal(b); err == nil {
		a.d.Channel.Post(string(msg))
	}
}

// pendingBatchNeedsAuth reports whether a batch this tab runs stopped to
// sign in again: then the page signs in by itself instead of waiting for a
// click. Another tab's (or a stranger's) batch never sends this one away.
func (a *App) pendingBatchNeedsAuth() bool {
	rec, err := a.journal().Peek()
	if err != nil || rec == nil || rec.State != journal.BatchWaitingAuth {
		return false
	}
	mine, _ := a.ownsBatch(rec.ID)
	return mine
}

// Hidden is for the page's pagehide: the browser releases the runner lock
// then (a page frozen in the back-forward cache must not keep it), so this
// tab stops being the runner at the same moment. Nothing more is sent or
// recorded by its run; a request in flight is recorded by whoever runs the
// batch next, which reads its IVR again. It never blocks.
func (a *App) Hidden() {
	a.mu.Lock()
	rs := a.run
	a.mu.Unlock()
	if rs != nil {
		rs.detach()
	}
}

// Restored is for pageshow from the back-forward cache: the page comes back
// as it was frozen, its run detached by Hidden, while another tab may have
// taken the batch over. It joins again as a fresh load would: runner if it
// gets the lock, else a follower.
func (a *App) Restored() {
	a.Hidden() // in case pagehide never reached us
	a.mu.Lock()
	rs := a.run
	a.mu.Unlock()
	go func() {
		if rs != nil {
			<-rs.ended
		}
		a.joinBatch()
	}()
}
