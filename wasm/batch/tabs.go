package batch

import (
	"encoding/json"

	"github.com/gcpace/gcpace/wasm/pacer"
)

// Join picks up the journal's latest batch after the page loaded: a
// finished one is shown (export, undo); an unfinished one is resumed when
// this tab can become the runner and may run it (see resume.go), else
// watched read-only until it can. It blocks while it runs one.
func (e *Engine) Join() { e.joinHolding(nil, "") }

// joinHolding is Join for a tab that may already hold the runner lock
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
func (e *Engine) joinHolding(held func(), followed string) {
	e.listenTabs()
	jr := e.journal()
	// Always on a goroutine of its own (a load, a click's answer, a lock
	// granted): reading a big batch's parts may hand the page back.
	jr.Pause = e.pauser()
	rec, err := jr.Peek()
	if unfinished(rec) && !e.mayRun(rec.ID, followed) {
		e.notMine(*rec, err, held)
		return
	}
	if held == nil && e.c.Runner != nil && (err != nil || unfinished(rec)) {
		if release, ok := e.c.Runner.TryAcquire(); ok {
			held = release
		} else if unfinished(rec) {
			e.reportJournal(err)
			e.watch(*rec)
			return
		}
	}
	if held != nil || e.c.Runner == nil {
		rec, err = jr.Load()
		if unfinished(rec) && !e.mayRun(rec.ID, followed) {
			e.notMine(*rec, err, held) // it changed meanwhile
			return
		}
	}
	e.reportJournal(err)
	if !unfinished(rec) {
		if held != nil {
			held() // nothing to resume
		}
		if rec != nil {
			e.setLast(*rec)
			e.show(e.fromRecord(*rec))
		}
		return
	}
	if held == nil {
		held = func() {}
	}
	_, hold := e.OwnsBatch(rec.ID)
	e.c.Host.Update(func(v *Screen) {
		v.ReadOnly, v.Ask = false, false
		if err == nil {
			v.Notice, v.NoticeBad = "Picked up the batch that was running when the page closed; nothing already applied is sent again.", false
			if rec.State == pacer.BatchWaitingAuth {
				// The page left to sign in again and came back: it did not close.
				v.Notice = "Signed in again; the batch goes on where it stopped, and nothing already applied is sent again."
			}
			v.NoticeBatch = rec.ID // the notice goes when this batch ends
		}
	})
	if hold && err == nil {
		e.notice("This batch stays paused: the pause (or cancel) could not be saved in the browser's storage, and this tab kept it instead.", true)
	}
	e.runBatch(*rec, held, rec.State == pacer.BatchPaused || hold)
}

// mayRun reports whether this tab may run batch id with no click: it
// started it, or took it over (followed is the batch it watched run).
func (e *Engine) mayRun(id, followed string) bool {
	if mine, _ := e.OwnsBatch(id); mine {
		return true
	}
	if followed == id {
		e.own(id)
		return true
	}
	return false
}

// notMine shows an unfinished batch this tab may not run by itself: it
// follows it while another tab runs it, else asks the person.
func (e *Engine) notMine(rec Record, err error, held func()) {
	e.reportJournal(err)
	if held != nil {
		// No tab runs it: this one held the lock. (Asking the browser now
		// could still find the lock held, by this very tab.)
		held()
		e.ask(rec)
		return
	}
	if e.c.Runner != nil && e.c.Runner.Held() {
		e.watch(rec)
		return
	}
	e.ask(rec)
}

func unfinished(rec *Record) bool { return rec != nil && !rec.State.Finished() }

// watch shows a batch another tab runs, and takes it over if that tab
// goes away (the lock is released when a tab closes, crashes, or is put in
// the back-forward cache).
func (e *Engine) watch(rec Record) {
	e.c.Host.Update(func(v *Screen) {
		v.ReadOnly, v.Ask = true, false
		v.Notice, v.NoticeBad = "Another gcpace tab is running this batch. This tab follows it live and takes over if that tab closes.", false
	})
	e.mu.Lock()
	e.last = &runState{rec: rec}
	e.asked = nil
	e.mu.Unlock()
	e.show(e.fromRecord(rec))
	go func() {
		release, ok := e.c.Runner.Acquire(e.c.Ctx)
		if !ok {
			return // the page closed, or went into the back-forward cache (Restored joins again)
		}
		e.c.Host.Update(func(v *Screen) { v.ReadOnly, v.Notice = false, "" })
		e.joinHolding(release, rec.ID)
	}()
}

// listenTabs shows batches other tabs run, as they report them.
func (e *Engine) listenTabs() {
	if e.c.Channel == nil {
		return
	}
	e.mu.Lock()
	if e.listening {
		e.mu.Unlock()
		return
	}
	e.listening = true
	e.mu.Unlock()
	e.c.Channel.Listen(func(msg string) {
		var b Batch
		if json.Unmarshal([]byte(msg), &b) != nil {
			return
		}
		e.mu.Lock()
		mine := e.run != nil
		asked := e.asked != nil && e.asked.ID == b.ID && !b.Finished()
		if asked {
			e.asked = nil
		}
		e.mu.Unlock()
		if mine {
			return
		}
		if asked {
			// The tab that started it took it back: follow it instead of asking.
			go e.Join()
		}
		e.show(&b)
		if b.Finished() {
			e.c.Host.Update(func(v *Screen) { v.ReadOnly, v.Ask, v.Notice = false, false, "" })
		}
	})
}

// broadcast tells other tabs how the batch stands.
func (e *Engine) broadcast(b *Batch) {
	if e.c.Channel == nil {
		return
	}
	msg := func() string {
		data, _ := json.Marshal(b) // plain values: cannot fail
		return string(data)
	}
	// A tab alone need not make the message at all (browser.Channel).
	if lp, ok := e.c.Channel.(interface{ PostLazy(func() string) }); ok {
		lp.PostLazy(msg)
		return
	}
	e.c.Channel.Post(msg())
}

// PendingNeedsAuth reports whether a batch this tab runs stopped to sign
// in again: then the page signs in by itself instead of waiting for a
// click. Another tab's (or a stranger's) batch never sends this one away.
func (e *Engine) PendingNeedsAuth() bool {
	rec, err := e.journal().Peek()
	if err != nil || rec == nil || rec.State != "waiting-auth" {
		return false
	}
	mine, _ := e.OwnsBatch(rec.ID)
	return mine
}

// AwaitSignIn is for a page load whose saved token turned out to have
// ended (the sign-in check met a 401). A reload can fall between a 401 in
// the middle of the batch and the record of it, so the journal may still
// say running: when this tab runs that unfinished batch, it is recorded as
// waiting for a sign-in, as the 401 would have had it, and AwaitSignIn
// reports true so that the page signs in again by itself. A paused batch, a
// batch this tab did not start and one another tab runs now are left as
// they are: the page then shows sign-in and waits for a click.
func (e *Engine) AwaitSignIn() bool {
	jr := e.journal()
	rec, err := jr.Peek()
	if err != nil || rec == nil || (rec.State != pacer.BatchRunning && rec.State != pacer.BatchWaitingAuth) {
		return false
	}
	if mine, hold := e.OwnsBatch(rec.ID); !mine || hold {
		return false
	}
	if rec.State == pacer.BatchWaitingAuth {
		return true
	}
	if e.c.Runner != nil {
		release, ok := e.c.Runner.TryAcquire()
		if !ok {
			return false // another tab runs it, with its own token
		}
		defer release()
	}
	return jr.SetState(rec.ID, pacer.BatchWaitingAuth, e.now()) == nil
}

// Hidden is for the page's pagehide: the browser releases the runner lock
// then (a page frozen in the back-forward cache must not keep it), so this
// tab stops being the runner at the same moment. Nothing more is sent or
// recorded by its run; a request in flight is recorded by whoever runs the
// batch next, which reads its object again. It never blocks.
func (e *Engine) Hidden() {
	e.mu.Lock()
	rs := e.run
	e.mu.Unlock()
	if rs != nil {
		rs.detach()
	}
}

// Restored is for pageshow from the back-forward cache: the page comes back
// as it was frozen, its run detached by Hidden, while another tab may have
// taken the batch over. It joins again as a fresh load would: runner if it
// gets the lock, else a follower.
func (e *Engine) Restored() {
	e.Hidden() // in case pagehide never reached us
	e.mu.Lock()
	rs := e.run
	e.mu.Unlock()
	go func() {
		if rs != nil {
			<-rs.ended
		}
		e.Join()
	}()
}
