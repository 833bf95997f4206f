package pacer

import (
	"errors"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// result is a request with its answer.
type result struct {
	*request
	got any // what a read returned
	m   genesys.Meta
	err error
}

// change is the view and phase a job is about to take. The runner offers it
// to Hooks.AfterOutcome before applying it.
type change struct {
	j     *job
	view  JobView
	phase phase
	read  any
}

// endChange ends j in s. A done job drops the errors it met on the way; a
// failed or cancelled one keeps the last, unless why says better.
func endChange(j *job, s State, why string) change {
	v := j.view
	v.State, v.WaitReason, v.NextTryAt, v.Cause = s, "", time.Time{}, ""
	switch {
	case s == JobDone:
		v.LastError = ""
	case why != "":
		v.LastError = why
	}
	return change{j: j, view: v, phase: ended}
}

// outcomeAt turns an answer received at now into the job's next change,
// and teaches the buckets what the answer said about the budget.
func (q *Queue) outcomeAt(now time.Time, r result) change {
	if r.write {
		q.writes--
	} else {
		r.j.readTries++
		q.reads--
	}
	o := Classify(r.m, r.err)
	q.learnAt(now, r, o)
	if r.err != nil && !r.write && !errors.Is(r.err, ErrNothingToDo) {
		if _, ok := o.(Done); ok { // a 2xx that could not be read
			o = Failed{Err: r.err}
		}
	}
	j := r.j
	if q.cancelled {
		return q.cancelledOutcome(r, o)
	}
	switch o := o.(type) {
	case Done:
		if r.write || r.err != nil {
			return endChange(j, JobDone, "")
		}
		j.readTries = 0
		j.backoff.Reset()
		v := j.view
		v.State, v.WaitReason, v.NextTryAt, v.Cause = JobQueued, "", time.Time{}, ""
		return change{j: j, view: v, phase: ready, read: r.got}
	case Retry:
		return q.retryChange(now, r, o)
	case Reread:
		if !r.write {
			return q.retryChange(now, r, Retry{Reason: "conflict"})
		}
		j.rereads++
		if j.rereads > q.opt.MaxRereads {
			return endChange(j, JobFailed, "gave up: someone else keeps changing this IVR")
		}
		return q.waitChange(j, needRead, nil, WaitReread, reasonReread, r.err, time.Time{})
	case NeedAuth:
		if !q.needAuth {
			before := q.canSend()
			q.needAuth, q.owesAuth = true, true
			q.noteStop(now, before)
		}
		if r.write {
			j.view.Attempts-- // refused before it was looked at: not an attempt
			j.writeTries--
			return q.waitChange(j, ready, r.read, WaitAuth, reasonAuth, nil, time.Time{})
		}
		return q.waitChange(j, needRead, nil, WaitAuth, reasonAuth, nil, time.Time{})
	case Failed:
		return endChange(j, JobFailed, words(o.Err))
	}
	panic("pacer: unknown outcome")
}

// retryChange makes j wait for its retry, or fail if its budget is spent.
// A write's wait holds the route's bucket too: a 429 spent its budget, and
// a server busy for one IVR is busy for the next.
func (q *Queue) retryChange(now time.Time, r result, o Retry) change {
	j := r.j
	wait, giveUp := q.retryWait(j, o, r.write, now)
	if giveUp != "" {
		return endChange(j, JobFailed, giveUp)
	}
	until := now.Add(wait)
	why, cause := o.Reason, WaitServer
	m := r.m
	if m.Status == 0 {
		m = metaOf(r.err)
	}
	switch {
	case o.Limited:
		b := blame(r.buckets, r.err, m)
		if m.HasRetryAfter {
			// First, so that limitAt counts the window by the narrowest
			// bounds known.
			b.ends.see429(r.send.at, now, m.RetryAfter, b.window)
		}
		b.limitAt(now, until, o.After, m.HasRetryAfter)
		why, cause = rateReason(b), WaitRateLimit
	case r.write:
		r.buckets[0].holdForServer(until)
	}
	if r.write {
		return q.waitChange(j, ready, r.read, cause, why, r.err, until)
	}
	c := q.waitChange(j, needRead, nil, cause, why, r.err, until)
	// A read that must be tried again is a try of the job (a write was
	// counted when it left): tries then never stay at 0 through 5xx.
	c.view.Attempts++
	return c
}

func (q *Queue) waitChange(j *job, p phase, read any, cause WaitCause, why string, err error, until time.Time) change {
	v := j.view
	v.State, v.WaitReason, v.NextTryAt, v.Cause = JobWaiting, why, until, cause
	if err != nil {
		v.LastError = words(err)
	}
	return change{j: j, view: v, phase: p, read: read}
}

// cancelledOutcome ends a job whose request came back after Cancel: what
// landed is done, what failed failed, everything else is cancelled.
func (q *Queue) cancelledOutcome(r result, o Outcome) change {
	switch o := o.(type) {
	case Done:
		if r.write || errors.Is(r.err, ErrNothingToDo) {
			return endChange(r.j, JobDone, "")
		}
	case Failed:
		return endChange(r.j, JobFailed, words(o.Err))
	}
	return endChange(r.j, JobCancelled, "")
}

// learnAt feeds an answer to the buckets its request consumed.
func (q *Queue) learnAt(now time.Time, r result, o Outcome) {
	m := r.m
	if m.Status == 0 {
		m = metaOf(r.err)
	}
	if m.Status == 0 {
		r.send.answer = admitted // no answer: the server may or may not have counted it
		return
	}
	for _, b := range r.buckets {
		b.seeRoundTrip(now.Sub(r.send.at))
	}
	headerBucket(r.buckets, m.RateLimit).headersAt(now, r.send.at, m.RateLimit)
	if rt, ok := o.(Retry); ok && rt.Limited {
		r.send.answer = limited
		q.hist.limitedAt(r.send.at)
		return // retryChange cuts the rate, knowing the wait
	}
	r.send.answer = admitted
	for _, b := range r.buckets {
		b.admitAt(now)
	}
}

// apply makes c the job's state. Called with q.mu held.
func (q *Queue) apply(c change) {
	j := c.j
	q.counts[j.view.State]--
	j.view, j.phase, j.read, j.held = c.view, c.phase, c.read, nil
	if q.prepared == j && j.phase != ready {
		q.prepared = nil // its record is the change's now
	}
	q.counts[j.view.State]++
	if j.phase == ended {
		j.backoff = nil
		q.advanceFirst()
	}
	q.changed()
}

// commit offers each change to Hooks.AfterOutcome, then applies it. A
// refused change is held, and the queue paused with the hook's error; after
// Cancel it is applied anyway, the error kept, since nothing more is sent.
// Runs on the runner's goroutine without q.mu, so hooks may call Snapshot.
func (q *Queue) commit(cs []change) {
	hook := q.opt.Hooks.AfterOutcome
	for _, c := range cs {
		var err error
		if hook != nil && !sameView(c.j.view, c.view) {
			err = hook(c.j.view.Job, c.view)
		}
		q.mu.Lock()
		if err != nil {
			q.err = words(err)
		}
		if err != nil && !q.cancelled {
			c.j.held, c.j.phase = &c, held
			q.control0(func() { q.paused = true })
		} else {
			q.apply(c)
		}
		q.mu.Unlock()
	}
}

// control0 is control for callers that hold q.mu. Time spent not sending
// is given back to the budgets of the jobs that were retrying.
func (q *Queue) control0(f func()) {
	before := q.canSend()
	f()
	q.noteStop(time.Now(), before)
	q.changed()
}

func sameView(a, b JobView) bool {
	return a.State == b.State && a.Attempts == b.Attempts && a.LastError == b.LastError &&
		a.WaitReason == b.WaitReason && a.NextTryAt.Equal(b.NextTryAt) && a.Cause == b.Cause
}

func asGenesys(err error) *genesys.Error {
	var ge *genesys.Error
	if errors.As(err, &ge) {
		return ge
	}
	return nil
}

func metaOf(err error) genesys.Meta {
	if ge := asGenesys(err); ge != nil {
		return ge.Meta
	}
	return genesys.Meta{}
}
