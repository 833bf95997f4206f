package batch

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// authPause is how long the page shows waiting-auth before it leaves to
// sign in again.
const authPause = 1500 * time.Millisecond

// runState is the batch this tab runs (or, with no queue, the latest one
// it knows of).
type runState struct {
	mu      sync.Mutex
	rec     Record // kept in step with the journal
	queue   *pacer.Queue
	changed chan struct{}
	release func() // the runner lock; safe to call more than once

	detached atomic.Bool        // this tab stopped being the runner (detach)
	stopRun  context.CancelFunc // ends the queue's Run
	ended    chan struct{}      // closed when runBatch returned

	// summaries are the jobs' summaries by id (see fromSnapshot); only
	// publish and then finish use it, one after the other.
	summaries map[string]string
}

func (rs *runState) record() Record {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rec := rs.rec
	rec.Jobs = append([]JobRecord(nil), rs.rec.Jobs...)
	return rec
}

// head is the record without its jobs: what a view of the batch needs
// (the jobs come from the queue's snapshot). Copying 5 000 jobs to make
// every view was a third of a big batch's publish.
func (rs *runState) head() Record {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rec := rs.rec
	rec.Jobs, rec.Before = nil, nil
	return rec
}

// ErrOtherTab is Start's error when another tab runs a batch.
var ErrOtherTab = errors.New("batch: another tab runs a batch")

// errDetached refuses every send and record of a run this tab gave up.
var errDetached = errors.New("batch: this tab no longer runs the batch")

// detach ends this tab's run at once, as when the page enters the
// back-forward cache and its runner lock is released: no request leaves,
// and nothing more is recorded, since another tab may run the batch now.
// The queue's cancellation stays in memory. It never blocks.
func (rs *runState) detach() {
	if rs.detached.Swap(true) {
		return
	}
	rs.queue.Pause()
	rs.stopRun()
	rs.release()
}

// Start records p as a new batch and runs it to the end; it blocks. The
// caller has Reserve'd. It returns an error, and sends nothing, when the
// batch could not start: ErrOtherTab, or the journal refused it.
func (e *Engine) Start(p Plan) error {
	release := func() {}
	if e.c.Runner != nil {
		var ok bool
		if release, ok = e.c.Runner.TryAcquire(); !ok {
			e.unreserve()
			return ErrOtherTab
		}
	}
	pause := e.pauser()
	now := e.now()
	rec := Record{Format: journal.Format, ID: newBatchID(now), Kind: p.Kind.Name(), Purpose: p.Purpose, PlanID: p.ID,
		Created: now, State: pacer.BatchRunning, Updated: now, Before: p.Before}
	for _, j := range p.Jobs {
		raw, err := p.Kind.EncodeIntent(j.Intent)
		if err != nil {
			release()
			e.unreserve()
			return fmt.Errorf("batch: job %s: %w", j.ID, err)
		}
		rec.Jobs = append(rec.Jobs, JobRecord{ID: j.ID, Key: j.Key, Label: j.Label, Intent: raw, After: j.After,
			State: pacer.JobQueued, Updated: now})
		pause()
	}
	// The whole batch is on record before the first request.
	jr := e.journal()
	jr.Pause = pause
	err := jr.Start(rec)
	pause() // the journal's head of a big batch is one long write
	if err != nil {
		release()
		e.unreserve()
		return err
	}
	e.own(rec.ID)
	e.runBatch(rec, release, false)
	return nil
}

func newBatchID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%s", now.UTC().Format("20060102T150405"), hex.EncodeToString(b[:]))
}

// runBatch runs rec's unfinished jobs to the end. It blocks.
func (e *Engine) runBatch(rec Record, release func(), paused bool) {
	rs := &runState{rec: rec, changed: make(chan struct{}, 1), release: sync.OnceFunc(release), ended: make(chan struct{}),
		summaries: map[string]string{}}
	defer close(rs.ended)
	kind := e.kind(rec.Kind)
	if kind == nil {
		// Recorded by a page that knew this kind; this one cannot run it.
		rs.release()
		e.unreserve()
		e.setLast(rec)
		e.show(e.fromRecord(rec))
		e.notice(fmt.Sprintf("The batch is of a kind this page cannot run (%q): it was left as it is.", rec.Kind), true)
		return
	}
	pause := e.pauser()
	views := make([]pacer.JobView, 0, len(rec.Jobs))
	for _, j := range rec.Jobs {
		pause()
		in, err := kind.DecodeIntent(j.Intent)
		if err != nil && !j.State.Ended() {
			// Nothing sensible can be sent for it: it fails, in words.
			j.State, j.Error = pacer.JobFailed, "its saved change could not be read: "+err.Error()
		}
		if err == nil && in != nil {
			// Made here, between pauses, rather than all at once in the
			// first view (5 000 summaries were part of one long task).
			rs.summaries[j.ID] = kind.Summary(in)
		}
		views = append(views, pacer.JobView{
			Job:       pacer.Job{ID: j.ID, Key: j.Key, After: j.After, Label: j.Label, Intent: in},
			State:     j.State,
			Attempts:  j.Attempts,
			LastError: j.Error,
		})
	}
	jr := e.journal()
	opts := pacer.Options{
		Resource: kind.Resource(),
		Window:   e.c.Host.Window(),
		// A job waiting out a 5xx keeps its copy of the object, and every
		// edit someone else makes meanwhile costs it one re-read; under
		// steady outside editing the pacer's default of 5 failed jobs that
		// only needed patience. Still bounded: MaxElapsed ends a hopeless one.
		MaxRereads: 20,
		OnChange:   rs.poke,
		OnNeedAuth: func() {
			if rs.detached.Load() {
				return
			}
			_ = jr.SetState(rec.ID, pacer.BatchWaitingAuth, e.now())
			e.c.Host.SignedOut()
			// Called on the queue's goroutine: never block it. The pause lets
			// the page say "signing in again" before it leaves, and lets a
			// request still in flight land and be recorded.
			go func() {
				rs.poke()
				time.Sleep(authPause)
				// Hand the batch on before leaving: another signed-in tab may
				// carry on while this one is at the login page.
				rs.release()
				e.c.Host.SignIn()
			}()
		},
		Hooks: pacer.Hooks{
			BeforeSend: func(j pacer.Job) error {
				if rs.detached.Load() {
					return errDetached
				}
				return rs.setJob(jr, j.ID, pacer.JobSending, -1, "", e.now())
			},
			AfterOutcome: func(j pacer.Job, v pacer.JobView) error {
				if rs.detached.Load() {
					return errDetached
				}
				return rs.setJob(jr, j.ID, v.State, v.Attempts, v.LastError, e.now())
			},
		},
	}
	rs.queue = pacer.New(kind.Work(), opts)
	if !paused && rec.State != pacer.BatchRunning {
		// Resumed after a sign-in or a reload: say so in the journal, so a
		// later load does not take it for a batch still waiting to sign in.
		_ = jr.SetState(rec.ID, pacer.BatchRunning, e.now())
		rs.rec.State = pacer.BatchRunning
	}
	// In slices: taking 5 000 jobs in was ~12 ms of one task.
	for len(views) > 0 {
		n := min(len(views), 500)
		rs.queue.Restore(views[:n]...)
		views = views[n:]
		pause()
	}
	if paused {
		rs.queue.Pause()
	}
	defer rs.release()
	ctx, stop := context.WithCancel(e.c.Ctx)
	rs.stopRun = stop
	e.mu.Lock()
	e.run, e.last = rs, rs
	e.starting = false
	e.mu.Unlock()
	done, published := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(published)
		e.publishLoop(rs, done)
	}()
	go e.c.Host.Learn(ctx, rs.queue)
	// The queue's first step and the first view call functions for the
	// first time (the view's are not warmed ahead like the queue's, see
	// pacer.Warm), each compiled by the browser then: on a busy machine
	// several ms apiece. A pause between them keeps them out of one task
	// when the slices above already filled this one.
	pause()
	err := rs.queue.Run(ctx)
	stop()
	close(done)
	// A publish still under way holds an older snapshot: shown after the
	// end, it would put the batch back to running for good.
	<-published
	e.finish(rs, err)
}

// setJob records a job's state in the journal before the queue acts on it.
// attempts < 0 keeps the recorded count.
func (rs *runState) setJob(jr *journal.Journal, id string, state pacer.State, attempts int, errText string, now time.Time) error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for i := range rs.rec.Jobs {
		j := &rs.rec.Jobs[i]
		if j.ID != id {
			continue
		}
		if attempts < 0 {
			attempts = j.Attempts
		}
		if err := jr.SetJob(rs.rec.ID, id, state, attempts, errText, now); err != nil {
			return err
		}
		j.State, j.Attempts, j.Error, j.Updated = state, attempts, errText, now
		return nil
	}
	return fmt.Errorf("batch: job %s is not in batch %s", id, rs.rec.ID)
}

// poke is the queue's OnChange: it must not block, so it only flags.
func (rs *runState) poke() {
	select {
	case rs.changed <- struct{}{}:
	default:
	}
}

// publishLoop turns queue changes into views, at most ten a second: the
// page needs no more, and a 1000-job snapshot is not free. Other tabs are
// told at most once a second (castEvery) while only progress changes, and
// at once when the batch's state does: the whole batch as JSON ten times a
// second cost the runner's main thread more than its requests did
// (profiled: 1.2 s of 14.7 s), time taken from the next PUT.
func (e *Engine) publishLoop(rs *runState, done <-chan struct{}) {
	var (
		castAt    time.Time
		castState pacer.BatchState
		owed      *Batch           // progress other tabs have not been told yet
		owedAt    <-chan time.Time // when to tell them, if nothing else changes
	)
	cast := func(b *Batch) {
		e.broadcast(b)
		castAt, castState, owed, owedAt = time.Now(), b.State, nil, nil
	}
	for first := true; ; first = false {
		select {
		case <-done:
			return
		case <-owedAt:
			if owed != nil && !rs.detached.Load() {
				cast(owed)
			}
			owed, owedAt = nil, nil
			continue
		case <-rs.changed:
		}
		if b := e.publish(rs, first); b != nil {
			switch since := time.Since(castAt); {
			case b.State != castState || since >= castEvery:
				cast(b)
			default:
				if owedAt == nil {
					owedAt = time.After(castEvery - since)
				}
				owed = b
			}
		}
		select {
		case <-done:
			return
		case <-time.After(publishGap(len(rs.rec.Jobs))):
		}
	}
}

// publishGap is the least time between two views of a running batch: a
// tenth of a second, longer for a big batch, whose every view is built
// from all its jobs (5 000 jobs ten times a second was a long task and its
// garbage every time). A second's worth of work stays about the same
// whatever the size, and progress still moves twice a second.
func publishGap(jobs int) time.Duration {
	return min(max(time.Duration(jobs)*time.Millisecond/10, 100*time.Millisecond), 500*time.Millisecond)
}

// castEvery is how often other tabs hear of a running batch's progress.
const castEvery = time.Second

// publish shows how the batch stands now and returns it; nil when this tab
// no longer runs it.
func (e *Engine) publish(rs *runState, first bool) *Batch {
	if rs.detached.Load() {
		return nil // another tab may run it now: its word counts, not ours
	}
	pause := e.pauser()
	if first {
		pause() // see runBatch's pause before the queue's first step
	}
	s := rs.queue.Snapshot()
	if first {
		pause()
	}
	b := e.fromSnapshot(rs.head(), s, rs.summaries, pause)
	e.show(b)
	return b
}

// show puts b on the page.
func (e *Engine) show(b *Batch) {
	e.c.Host.Update(func(v *Screen) {
		if v.Batch != nil {
			b.Rev = v.Batch.Rev + 1
		} else {
			b.Rev = 1
		}
		v.Batch = b
		if b.Finished() && v.NoticeBatch == b.ID { // "picked up the batch…": it has ended
			v.Notice, v.NoticeBatch = "", ""
		}
	})
	if b.Finished() {
		e.awaitHistory(b.ID) // another tab may have just recorded it
	}
}

func (e *Engine) finish(rs *runState, runErr error) {
	s := rs.queue.Snapshot()
	state := pacer.BatchDone
	if s.State == pacer.BatchCancelled {
		state = pacer.BatchCancelled
	}
	if runErr != nil || s.State == pacer.BatchWaitingAuth {
		// The page is closing or leaving to sign in: the journal says where
		// the batch stands, and the next load picks it up.
		e.mu.Lock()
		e.run = nil
		e.mu.Unlock()
		return
	}
	finished := e.journal().Finish(rs.rec.ID, state, e.now())
	if finished != nil {
		e.finishNotRecorded(rs.rec.ID, state, finished)
	}
	rs.mu.Lock()
	rs.rec.State = state
	rs.mu.Unlock()
	b := e.fromSnapshot(rs.record(), s, rs.summaries, e.pauser())
	if finished == nil {
		// A batch whose end storage refused is not over as far as the
		// journal goes (a reload finds it, paused): it joins the history
		// once it ends there, and the notice saying so stays.
		e.recordHistory(rs)
	}
	e.mu.Lock()
	e.run = nil
	e.mu.Unlock()
	e.show(b)
	e.broadcast(b)
	e.c.Host.Ended(b)
}

// Pause stops sending; what is in flight finishes. Stopping is always safe,
// so it stops first; a pause the journal refuses is kept by this tab (see
// stopNotRecorded), or a reload would start the batch again by itself.
func (e *Engine) Pause() {
	e.control(func(q *pacer.Queue, id string) {
		q.Pause()
		if err := e.journal().SetState(id, pacer.BatchPaused, e.now()); err != nil {
			e.stopNotRecorded(id, pacer.BatchPaused, err)
		}
	})
}

// Resume sends again, once the journal recorded it: a resume it refuses
// leaves the batch paused, and says why.
func (e *Engine) Resume() {
	e.control(func(q *pacer.Queue, id string) {
		if err := e.journal().SetState(id, pacer.BatchRunning, e.now()); err != nil {
			e.notice("The batch stays paused: "+e.words(err), true)
			return
		}
		e.unhold(id)
		q.Resume()
	})
}

// RetryNow ends a server error's backoff that the whole batch waits on; it
// never cuts a 429's Retry-After short (the pacer refuses).
func (e *Engine) RetryNow() {
	e.control(func(q *pacer.Queue, _ string) { q.RetryNow() })
}

// Cancel stops the batch; updates already sent stay applied. signedIn says
// whether the page is signed in: a batch stranded waiting for a sign-in is
// cancelled from its record.
func (e *Engine) Cancel(signedIn bool) {
	if e.cancelStrandedLater(signedIn) {
		return
	}
	e.control(func(q *pacer.Queue, _ string) { q.Cancel() })
}

func (e *Engine) control(f func(q *pacer.Queue, batchID string)) {
	e.mu.Lock()
	rs := e.run
	e.mu.Unlock()
	if rs != nil && !rs.detached.Load() {
		f(rs.queue, rs.rec.ID)
	}
}
