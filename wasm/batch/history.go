package batch

import (
	"time"

	"github.com/gcpace/gcpace/wasm/pacer"
)

// StartHistory remembers who signed in (for the history and exports) and
// shows the history. A finished batch that the journal holds and the
// history does not (recorded by an older version) is added.
func (e *Engine) StartHistory(who Who) {
	e.mu.Lock()
	e.who = who
	e.mu.Unlock()
	if rec, err := e.journal().Peek(); err == nil && rec != nil && rec.State.Finished() && !e.inHistory(rec.ID) {
		_ = e.history().Add(*rec, Who{}, rec.Updated)
	}
	e.refreshHistory()
}

// inHistory reports whether the history lists batch id. It reads the
// index, not the batch's record: that may be megabytes, or not kept at all
// (too big for the history), which read as absent added it again on every
// load.
func (e *Engine) inHistory(id string) bool {
	entries, _ := e.history().List()
	for _, h := range entries {
		if h.ID == id {
			return true
		}
	}
	return false
}

// Who is who signed in, as StartHistory was told.
func (e *Engine) Who() Who {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.who
}

// recordHistory adds the batch rs ran, now ended, to the history. It runs
// before the end is broadcast, so other tabs re-reading the history on that
// message find it.
func (e *Engine) recordHistory(rs *runState) {
	h := e.history()
	h.Pause = e.pauser() // a big batch's record is written in parts
	if err := h.Add(rs.record(), e.Who(), e.now()); err != nil {
		e.notice("The batch finished but could not be added to the history: "+e.words(err), true)
	}
	e.refreshHistory()
}

// refreshHistory re-reads the history (it is shared by every tab).
func (e *Engine) refreshHistory() {
	entries, dropped := e.history().List()
	e.c.Host.Update(func(v *Screen) {
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
func (e *Engine) awaitHistory(id string) {
	if e.refreshHistoryHas(id) {
		return
	}
	go func() {
		for range 25 {
			select {
			case <-e.c.Ctx.Done():
				return
			case <-time.After(200 * time.Millisecond):
			}
			if e.refreshHistoryHas(id) {
				return
			}
		}
	}()
}

// refreshHistoryHas re-reads the history and reports whether it holds id.
func (e *Engine) refreshHistoryHas(id string) bool {
	entries, dropped := e.history().List()
	has := false
	for _, en := range entries {
		has = has || en.ID == id
	}
	e.c.Host.Update(func(v *Screen) {
		rev := 1
		if v.History != nil {
			rev = v.History.Rev + 1
		}
		v.History = &History{Rev: rev, Entries: entries, Dropped: dropped}
	})
	return has
}

// HistoryBatch is a batch of the history with every job's final state.
func (e *Engine) HistoryBatch(id string) (Record, error) { return e.history().Batch(id) }

// HistoryWho is who ran batch id, as the history says; who signed in here
// when it does not know.
func (e *Engine) HistoryWho(id string) Who {
	entries, _ := e.history().List()
	for _, en := range entries {
		if en.ID == id {
			return en.Who
		}
	}
	return e.Who()
}

// Final is rec with every job's final state when the batch ended (the
// history holds only ended batches): a tab that only followed the batch
// holds the states it read when it started following.
func (e *Engine) Final(rec Record) Record {
	if h, err := e.history().Batch(rec.ID); err == nil {
		return h
	}
	return rec
}

// Landed lists the jobs of rec that are done, for undo.
func Landed(rec Record) []JobRecord {
	var out []JobRecord
	for _, j := range rec.Jobs {
		if j.State == pacer.JobDone {
			out = append(out, j)
		}
	}
	return out
}
