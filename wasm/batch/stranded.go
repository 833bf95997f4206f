package batch

import "github.com/gcpace/gcpace/wasm/pacer"

// ShowStranded shows the journal's unfinished batch, if any, while the page
// waits for a sign-in it will not start by itself: its cancel button stays.
func (e *Engine) ShowStranded() {
	rec, err := e.journal().Peek()
	if err == nil && rec != nil && !rec.State.Finished() {
		e.setLast(*rec)
		e.show(e.fromRecord(*rec))
	}
}

// cancelStrandedLater is Cancel when this tab runs no batch: the stranded
// one is cancelled in a goroutine, since taking the runner lock waits on
// the browser and Cancel is called from a click. It reports whether it took
// the call.
func (e *Engine) cancelStrandedLater(signedIn bool) bool {
	if e.Running() {
		return false
	}
	go e.CancelStranded(signedIn)
	return true
}

// CancelStranded cancels a batch that is waiting to sign in while no tab
// runs it (the page stopped signing in by itself). It reports whether there
// was one.
func (e *Engine) CancelStranded(signedIn bool) bool {
	if e.Running() || signedIn {
		return false
	}
	release := func() {}
	if e.c.Runner != nil {
		var ok bool
		if release, ok = e.c.Runner.TryAcquire(); !ok {
			return false // another tab runs it and can cancel it
		}
	}
	defer release()
	jr := e.journal()
	rec, err := jr.Peek()
	if err != nil || rec == nil || rec.State.Finished() {
		return false
	}
	now := e.now()
	for i, j := range rec.Jobs {
		// Sending jobs keep their state: their PUT may have landed.
		if j.State == pacer.JobQueued || j.State == pacer.JobWaiting {
			if jr.SetJob(rec.ID, j.ID, pacer.JobCancelled, j.Attempts, "", now) == nil {
				rec.Jobs[i].State = pacer.JobCancelled
			}
		}
	}
	if err := jr.Finish(rec.ID, pacer.BatchCancelled, now); err != nil {
		e.notice("The batch could not be cancelled: "+e.words(err), true)
		return true
	}
	rec.State = pacer.BatchCancelled
	e.setLast(*rec)
	e.show(e.fromRecord(*rec))
	e.notice("Cancelled. Updates already sent stay applied.", false)
	return true
}
