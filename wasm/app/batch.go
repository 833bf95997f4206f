package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/journal"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// authPause is how long the page shows waiting-auth before it leaves to
// sign in again.
const authPause = 1500 * time.Millisecond

// runState is the batch this tab runs.
type runState struct {
	mu      sync.Mutex
	rec     journal.Batch // kept in step with the journal
	queue   *pacer.Queue
	changed chan struct{}
	release func() // the runner lock; safe to call more than once

	detached atomic.Bool        // this tab stopped being the runner (detach)
	stopRun  context.CancelFunc // ends the queue's Run
	ended    chan struct{}      // closed when runBatch returned
}

// errDetached refuses every send and record of a run this tab gave up.
var errDetached = errors.New("app: this tab no longer runs the batch")

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

func (a *App) journal() *journal.Journal { return &journal.Journal{Store: a.d.Local} }

// Apply starts the plan whose preview has id planID, and nothing else: the
// page passes the id of the preview it shows, so a plan replaced or
// discarded meanwhile can never start.
func (a *App) Apply(planID string) {
	if pb, ok := a.takePlan(planID, dnis.Plan.Ready); ok {
		go a.apply(pb)
	}
}

func (a *App) apply(pb *plannedBatch) {
	release := func() {}
	if a.d.Runner != nil {
		var ok bool
		if release, ok = a.d.Runner.TryAcquire(); !ok {
			a.givePlanBack(pb, "Another gcpace tab is running a batch. Let it finish (or close it) and try again.")
			return
		}
	}
	p := pb.plan
	now := a.d.Now()
	before := map[string]journal.Before{}
	a.mu.Lock()
	for _, j := range p.Jobs {
		r := a.ivrs[j.Intent.IVRID]
		before[r.ID] = journal.Before{Name: r.Name, Version: r.Version, DNIS: append([]string(nil), r.DNIS...)}
	}
	a.mu.Unlock()
	rec := journal.NewBatch(newBatchID(now), pb.kind, now, p.Jobs, before)
	rec.PlanID = pb.id
	// The whole batch is on record before the first request.
	if err := a.journal().Start(rec); err != nil {
		release()
		a.givePlanBack(pb, "The batch was not started: "+words(err))
		return
	}
	a.own(rec.ID)
	a.runBatch(rec, release, false)
}

func newBatchID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%s", now.UTC().Format("20060102T150405"), hex.EncodeToString(b[:]))
}

// runBatch runs rec's unfinished jobs to the end. It blocks.
func (a *App) runBatch(rec journal.Batch, release func(), paused bool) {
	rs := &runState{rec: rec, changed: make(chan struct{}, 1), release: sync.OnceFunc(release), ended: make(chan struct{})}
	defer close(rs.ended)
	w := &work{a: a, intents: map[string]dnis.Intent{}}
	views := make([]pacer.JobView, 0, len(rec.Jobs))
	for _, j := range rec.Jobs {
		w.intents[j.ID] = j.Intent
		views = append(views, pacer.JobView{
			Job:       pacer.Job{ID: j.ID, Key: j.IVRID, After: j.After, Label: j.IVRName},
			State:     pacer.State(j.State),
			Attempts:  j.Attempts,
			LastError: j.Error,
		})
	}
	jr := a.journal()
	opts := pacer.Options{
		Window: a.window(),
		// A job waiting out a 5xx keeps its copy of the IVR, and every edit
		// someone else makes meanwhile costs it one re-read; under steady
		// outside editing the pacer's default of 5 failed jobs that only
		// needed patience. Still bounded: MaxElapsed ends a hopeless one.
		MaxRereads: 20,
		OnChange:   rs.poke,
		OnNeedAuth: func() {
			if rs.detached.Load() {
				return
			}
			_ = jr.SetState(rec.ID, journal.BatchWaitingAuth, a.d.Now())
			a.flow.Clear()
			// Called on the queue's goroutine: never block it. The pause lets
			// the page say "signing in again" before it leaves, and lets a
			// request still in flight land and be recorded.
			go func() {
				rs.poke()
				time.Sleep(authPause)
				// Hand the batch on before leaving: another signed-in tab may
				// carry on while this one is at the login page.
				rs.release()
				a.autoSignIn("")
			}()
		},
		Hooks: pacer.Hooks{
			BeforeSend: func(j pacer.Job) error {
				if rs.detached.Load() {
					return errDetached
				}
				return rs.setJob(jr, j.ID, journal.JobSending, -1, "", a.d.Now())
			},
			AfterOutcome: func(j pacer.Job, v pacer.JobView) error {
				if rs.detached.Load() {
					return errDetached
				}
				return rs.setJob(jr, j.ID, string(v.State), v.Attempts, v.LastError, a.d.Now())
			},
		},
	}
	rs.queue = pacer.New(w, opts)
	if !paused && rec.State != journal.BatchRunning {
		// Resumed after a sign-in or a reload: say so in the journal, so a
		// later load does not take it for a batch still waiting to sign in.
		_ = jr.SetState(rec.ID, journal.BatchRunning, a.d.Now())
		rs.rec.State = journal.BatchRunning
	}
	rs.queue.Restore(views...)
	if paused {
		rs.queue.Pause()
	}
	defer rs.release()
	ctx, stop := context.WithCancel(a.ctx)
	rs.stopRun = stop
	a.mu.Lock()
	a.run, a.last = rs, rs
	a.plan.starting = false
	a.mu.Unlock()
	done := make(chan struct{})
	go a.publishLoop(rs, done)
	go a.learnLimits(ctx, rs.queue)
	err := rs.queue.Run(ctx)
	stop()
	close(done)
	a.finishBatch(rs, err)
}

// setJob records a job's state in the journal before the queue acts on it.
// attempts < 0 keeps the recorded count.
func (rs *runState) setJob(jr *journal.Journal, id, state string, attempts int, errText string, now time.Time) error {
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
	return fmt.Errorf("app: job %s is not in batch %s", id, rs.rec.ID)
}

// poke is the queue's OnChange: it must not block, so it only flags.
func (rs *runState) poke() {
	select {
	case rs.changed <- struct{}{}:
	default:
	}
}

// publishLoop turns queue changes into views, at most ten a second: the
// page and other tabs need no more, and a 1000-job snapshot is not free.
func (a *App) publishLoop(rs *runState, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case <-rs.changed:
			a.publishBatch(rs)
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
}

func (a *App) publishBatch(rs *runState) {
	if rs.detached.Load() {
		return // another tab may run it now: its word counts, not ours
	}
	s := rs.queue.Snapshot()
	rs.mu.Lock()
	b := batchFromSnapshot(rs.rec, s)
	rs.mu.Unlock()
	a.showBatch(b)
	a.broadcast(b)
}

func (a *App) showBatch(b *Batch) {
	a.update(func(v *View) {
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
		a.awaitHistory(b.ID) // another tab may have just recorded it
	}
}

// learnLimits asks the org for its real limits once per batch; without an
// answer the pacer keeps the documented ones and learns from 429s.
func (a *App) learnLimits(ctx context.Context, q *pacer.Queue) {
	lim, err := a.client.Limits(ctx, "platform.api")
	if err != nil {
		return
	}
	for _, b := range []genesys.Bucket{genesys.BucketClientUser, genesys.BucketUser} {
		if n, ok := lim[string(b)]; ok && n > 0 {
			q.SetLimit(b, n)
		}
	}
}

func (a *App) finishBatch(rs *runState, runErr error) {
	s := rs.queue.Snapshot()
	state := journal.BatchDone
	if s.State == pacer.BatchCancelled {
		state = journal.BatchCancelled
	}
	if runErr != nil || s.State == pacer.BatchWaitingAuth {
		// The page is closing or leaving to sign in: the journal says where
		// the batch stands, and the next load picks it up.
		a.mu.Lock()
		a.run = nil
		a.mu.Unlock()
		return
	}
	finished := a.journal().Finish(rs.rec.ID, state, a.d.Now())
	if finished != nil {
		a.finishNotRecorded(rs.rec.ID, state, finished)
	}
	rs.mu.Lock()
	rs.rec.State = state
	b := batchFromSnapshot(rs.rec, s)
	rs.mu.Unlock()
	if finished == nil {
		// A batch whose end storage refused is not over as far as the
		// journal goes (a reload finds it, paused): it joins the history
		// once it ends there, and the notice saying so stays.
		a.recordHistory(rs)
	}
	a.mu.Lock()
	a.run = nil
	a.mu.Unlock()
	a.showBatch(b)
	a.broadcast(b)
	a.publishIVRs()
	a.d.Toast("gcpace batch finished", summaryWords(b))
}

// Pause stops sending; what is in flight finishes. Stopping is always safe,
// so it stops first; a pause the journal refuses is kept by this tab (see
// stopNotRecorded), or a reload would start the batch again by itself.
func (a *App) Pause() {
	a.control(func(q *pacer.Queue, id string) {
		q.Pause()
		if err := a.journal().SetState(id, journal.BatchPaused, a.d.Now()); err != nil {
			a.stopNotRecorded(id, journal.BatchPaused, err)
		}
	})
}

// Resume sends again, once the journal recorded it: a resume it refuses
// leaves the batch paused, and says why.
func (a *App) Resume() {
	a.control(func(q *pacer.Queue, id string) {
		if err := a.journal().SetState(id, journal.BatchRunning, a.d.Now()); err != nil {
			a.notice("The batch stays paused: "+words(err), true)
			return
		}
		a.unhold(id)
		q.Resume()
	})
}

// RetryNow ends a server error's backoff that the whole batch waits on; it
// never cuts a 429's Retry-After short (the pacer refuses).
func (a *App) RetryNow() {
	a.control(func(q *pacer.Queue, _ string) { q.RetryNow() })
}

// Cancel stops the batch; updates already sent stay applied.
func (a *App) Cancel() {
	if a.cancelStrandedLater() {
		return
	}
	a.control(func(q *pacer.Queue, _ string) { q.Cancel() })
}

func (a *App) control(f func(q *pacer.Queue, batchID string)) {
	a.mu.Lock()
	rs := a.run
	a.mu.Unlock()
	if rs != nil && !rs.detached.Load() {
		f(rs.queue, rs.rec.ID)
	}
}

// ExportResults downloads what happened to every number of the last batch.
func (a *App) ExportResults() {
	rec, ok := a.lastBatch()
	if !ok {
		return
	}
	a.exportLast(rec)
}

// lastBatch is a copy of the latest batch's record.
func (a *App) lastBatch() (journal.Batch, bool) {
	a.mu.Lock()
	rs := a.last
	a.mu.Unlock()
	if rs == nil {
		return journal.Batch{}, false
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rec := rs.rec
	rec.Jobs = append([]journal.JobRecord(nil), rs.rec.Jobs...)
	return rec, true
}
