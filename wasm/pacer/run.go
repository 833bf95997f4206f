package pacer

import (
	"context"
	"errors"
	"runtime"
	"time"
)

// Run sends the jobs' requests until every job has ended, then returns nil;
// or, when ctx is cancelled, cancels the queue (see Cancel) and returns
// ctx.Err() once the requests in flight have finished. Pause and a 401 keep
// it waiting. Only one Run may run at a time.
//
// Run waits with the time package, so inside a testing/synctest bubble it
// runs on virtual time.
func (q *Queue) Run(ctx context.Context) error {
	q.mu.Lock()
	if q.running {
		q.mu.Unlock()
		return errors.New("pacer: Run is already running")
	}
	q.running, q.started = true, true
	q.changed()
	q.mu.Unlock()
	defer func() {
		q.mu.Lock()
		q.running = false
		q.mu.Unlock()
	}()

	results := make(chan result)
	reqCtx := context.WithoutCancel(ctx) // a request in flight always finishes
	stop := ctx.Done()
	var ctxErr error
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		next, finished := q.step(reqCtx, results)
		if finished {
			return ctxErr
		}
		var tick <-chan time.Time
		if !next.IsZero() {
			timer.Reset(time.Until(next))
			tick = timer.C
		}
		select {
		case r := <-results:
			q.mu.Lock()
			c := q.outcomeAt(time.Now(), r)
			q.mu.Unlock()
			if r.write && c.phase == ended && c.view.State == JobDone {
				// Write-behind: the next write, due now, leaves before this
				// one's done is recorded. Nothing acts on the done before
				// commit records it (OnChange, the batch's end), and no job
				// ready to write waits on it (a job waiting on another is
				// not read before that one is done).
				q.sendDueWrite(reqCtx, results)
			}
			q.commit([]change{c})
		case <-q.wake:
		case <-tick:
		case <-stop:
			stop, ctxErr = nil, ctx.Err()
			q.Cancel()
		}
	}
}

// step settles what needs no answer, sends every request the budgets allow
// now, and tells OnNeedAuth and OnChange. It returns when to look again
// (zero: on an answer or a control call) and whether Run is finished.
func (q *Queue) step(ctx context.Context, results chan<- result) (time.Time, bool) {
	defer q.notify()
	for {
		q.mu.Lock()
		settle := q.settle()
		q.mu.Unlock()
		if len(settle) > 0 {
			q.commit(settle)
			continue
		}
		q.mu.Lock()
		r, next := q.pickAt(time.Now())
		if r == nil {
			var stuck []change
			if next.IsZero() {
				stuck = q.stuck()
			}
			finished := q.reads+q.writes == 0 && q.allEnded()
			q.mu.Unlock()
			if len(stuck) > 0 {
				q.commit(stuck)
				continue
			}
			q.prepareNext()
			return next, finished
		}
		q.mu.Unlock()
		q.launch(ctx, r, results)
	}
}

// launch sends r, after Hooks.BeforeSend for a write. It returns false when
// the hook refused.
func (q *Queue) launch(ctx context.Context, r *request, results chan<- result) bool {
	if !q.beforeSend(r) {
		return false
	}
	q.mu.Lock()
	q.startAt(time.Now(), r)
	q.mu.Unlock()
	if !r.write {
		go q.send(ctx, r, results)
		return true
	}
	// Let the write's goroutine reach its fetch before this one goes on to
	// the hooks and OnChange, whose listeners (a render) would otherwise run
	// first on a browser's one thread: there a goroutine runs until it
	// blocks, so once it has started, its request has left.
	started := make(chan struct{})
	go func() {
		close(started)
		q.send(ctx, r, results)
	}()
	for {
		select {
		case <-started:
			return true
		default:
			runtime.Gosched()
		}
	}
}

// sendDueWrite sends the write that may leave now, if there is one.
func (q *Queue) sendDueWrite(ctx context.Context, results chan<- result) {
	q.mu.Lock()
	r, _ := q.pickAt(time.Now())
	q.mu.Unlock()
	if r != nil && r.write {
		q.launch(ctx, r, results)
	}
}

// beforeSend runs Hooks.BeforeSend for a write, unless prepareNext ran it
// already; a refusal pauses the queue.
func (q *Queue) beforeSend(r *request) bool {
	hook := q.opt.Hooks.BeforeSend
	if !r.write || hook == nil {
		return true
	}
	q.mu.Lock()
	ahead := q.prepared == r.j
	q.prepared = nil
	q.mu.Unlock()
	if ahead {
		return true
	}
	err := hook(r.job)
	if err == nil {
		return true
	}
	q.mu.Lock()
	q.err = words(err)
	q.control0(func() { q.paused = true })
	q.mu.Unlock()
	return false
}

// send does one request and hands its answer to the runner.
func (q *Queue) send(ctx context.Context, r *request, results chan<- result) {
	ctx, cancel := context.WithTimeout(ctx, q.opt.RequestTimeout)
	defer cancel()
	res := result{request: r}
	if r.write {
		res.m, res.err = q.work.Write(ctx, r.job, r.read)
	} else {
		res.got, res.m, res.err = q.work.Read(ctx, r.job)
	}
	results <- res
}

// prepareNext runs Hooks.BeforeSend for the next write while it waits for
// its slot (the write before it in flight, the spacing), so that it leaves
// as soon as its slot comes: the journal's write is then off the path from
// one write's answer to the next one's send. Sending is still recorded
// before the send, only earlier; a job recorded as sending is read again
// before anything is sent for it after a reload, so a record ahead of the
// fact is safe. When another write turns out to come first (the job before
// must retry), the early record is set back to the job's state.
func (q *Queue) prepareNext() {
	before, after := q.opt.Hooks.BeforeSend, q.opt.Hooks.AfterOutcome
	if before == nil {
		return
	}
	q.mu.Lock()
	if !q.canSend() {
		q.mu.Unlock()
		return
	}
	w := q.nextWrite(time.Now())
	old := q.prepared
	if old == w {
		q.mu.Unlock()
		return
	}
	q.prepared = nil
	var back JobView
	if old != nil {
		back = old.view
	}
	q.mu.Unlock()
	if old != nil && after != nil {
		_ = after(back.Job, back) // a failure leaves "sending": still safe
	}
	if w == nil {
		return
	}
	err := before(w.view.Job)
	q.mu.Lock()
	defer q.mu.Unlock()
	switch {
	case err != nil: // as at the send: pause, and Resume offers it again
		q.err = words(err)
		q.control0(func() { q.paused = true })
	case w.phase == ready:
		q.prepared = w
	}
}

// nextWrite is the job whose write comes next, if it waits only for its
// slot in the buckets (not for a retry of its own).
func (q *Queue) nextWrite(now time.Time) *job {
	for _, j := range q.jobs[q.first:] {
		if j.phase == ready {
			if j.nextTry().After(now) {
				return nil
			}
			return j
		}
	}
	return nil
}

// notify calls OnNeedAuth and OnChange for what changed since last time.
func (q *Queue) notify() {
	q.mu.Lock()
	dirty, auth := q.dirty, q.owesAuth
	q.dirty, q.owesAuth = false, false
	q.mu.Unlock()
	if auth && q.opt.OnNeedAuth != nil {
		q.opt.OnNeedAuth()
	}
	if dirty && q.opt.OnChange != nil {
		q.opt.OnChange()
	}
}
