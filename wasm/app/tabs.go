package app

import (
	"encoding/json"
	"errors"

	"github.com/gcpace/gcpace/wasm/journal"
)

// joinBatch picks up the journal's latest batch after the page loaded: a
// finished one is shown (export, undo); an unfinished one is resumed when
// this tab can become the runner, else watched read-only until it can.
func (a *App) joinBatch() { a.joinHolding(nil) }

// joinHolding is joinBatch for a tab that may already hold the runner lock
// (held non-nil): it keeps it to resume, or releases it when there is
// nothing to resume. Releasing a granted lock only to try for it again
// would hand it to the next waiting tab, which would do the same: two
// watching tabs would pass the lock back and forth and neither would run.
func (a *App) joinHolding(held func()) {
	a.listenTabs()
	rec, err := a.journal().Load()
	if err != nil {
		var ce *journal.CorruptError
		if errors.As(err, &ce) {
			a.notice("A saved batch record could not be read and was kept aside as "+ce.KeptAs+
				". Nothing was sent for it. "+words(ce), true)
		} else {
			a.notice("The saved batch could not be read: "+words(err), true)
		}
	}
	if rec == nil || journal.BatchFinished(rec.State) {
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
	release := held
	if release == nil {
		release = func() {}
	}
	if held == nil && a.d.Runner != nil {
		var ok bool
		if release, ok = a.d.Runner.TryAcquire(); !ok {
			a.watchBatch(*rec)
			return
		}
	}
	a.update(func(v *View) {
		v.ReadOnly = false
		v.Notice, v.NoticeBad = "Picked up the batch that was running when the page closed; nothing already applied is sent again.", false
		if rec.State == journal.BatchWaitingAuth {
			// The page left to sign in again and came back: it did not close.
			v.Notice = "Signed in again; the batch goes on where it stopped, and nothing already applied is sent again."
		}
		v.NoticeBatch = rec.ID // the notice goes when this batch ends
	})
	a.runBatch(*rec, release, rec.State == journal.BatchPaused)
}

// watchBatch shows a batch another tab runs, and takes it over if that tab
// goes away (the lock is released when a tab closes or crashes).
func (a *App) watchBatch(rec journal.Batch) {
	a.update(func(v *View) {
		v.ReadOnly = true
		v.Notice, v.NoticeBad = "Another gcpace tab is running this batch. This tab follows it live and takes over if that tab closes.", false
	})
	a.mu.Lock()
	a.last = &runState{rec: rec}
	a.mu.Unlock()
	a.showBatch(batchFromRecord(rec))
	go func() {
		release, ok := a.d.Runner.Acquire(a.ctx)
		if !ok {
			return
		}
		a.update(func(v *View) { v.ReadOnly, v.Notice = false, "" })
		a.joinHolding(release)
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
		a.mu.Unlock()
		if mine {
			return
		}
		a.showBatch(&b)
		if b.Finished() {
			a.update(func(v *View) { v.ReadOnly, v.Notice = false, "" })
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

// pendingBatchNeedsAuth reports whether a batch stopped to sign in again:
// then the page signs in by itself instead of waiting for a click.
func (a *App) pendingBatchNeedsAuth() bool {
	rec, err := a.journal().Load()
	return err == nil && rec != nil && rec.State == journal.BatchWaitingAuth
}
