package pacer

import (
	"context"
	"errors"
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
			return next, finished
		}
		q.mu.Unlock()
		if !q.beforeSend(r) {
			continue
		}
		q.mu.Lock()
		q.startAt(time.Now(), r)
		q.mu.Unlock()
		go q.send(ctx, r, results)
	}
}

// beforeSend runs Hooks.BeforeSend for a write; a refusal pauses the queue.
func (q *Queue) beforeSend(r *request) bool {
	hook := q.opt.Hooks.BeforeSend
	if !r.write || hook == nil {
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
