// Package pacer runs IVR edits through one paced, serialised, self-correcting queue.
package pacer

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// Work does the requests of a job. Both methods are called from goroutines
// the queue starts, with a context that the queue never cancels (a request in
// flight always finishes) but that carries Options.RequestTimeout.
type Work interface {
	// Read GETs the IVR. It returns ErrNothingToDo when the IVR already
	// holds the intended numbers: the job is then done without a write.
	Read(ctx context.Context, j Job) (read any, m genesys.Meta, err error)
	// Write applies the job's intent to what Read returned and PUTs it
	// with the version read.
	Write(ctx context.Context, j Job, read any) (genesys.Meta, error)
}

// Queue runs jobs through the rate buckets their requests consume.
//
// A job reads its IVR, then writes it. Writes leave one at a time (up to
// Options.InFlight), in the order jobs were added, each when every bucket it
// consumes allows. Reads are done ahead (Options.ReadAhead) while earlier
// writes are in flight or wait for their slot, so the write bucket never
// waits for a read; reads budget the buckets they share with writes and
// never take a write's slot. Answers are classified (Classify): 429s hold
// the whole bucket until Retry-After and cut its rate, successes raise it
// slowly, version conflicts re-read, a 401 stops everything until
// Authenticated.
//
// Make one with New (the zero value is not usable), Add jobs, then Run. All
// methods are safe for concurrent use; only Run's goroutine changes jobs and
// calls the hooks, OnNeedAuth and OnChange.
type Queue struct {
	work Work
	opt  Options

	mu      sync.Mutex
	jobs    []*job
	byID    map[string]*job
	first   int // jobs before it have all ended
	counts  map[State]int
	buckets map[genesys.Bucket]*bucket
	readB   []*bucket // what a job's read consumes
	writeB  []*bucket // what a job's write consumes; writeB[0] is the route's own

	started, running            bool
	paused, needAuth, cancelled bool
	stoppedAt                   time.Time // when sending stopped, to keep pauses out of job budgets
	reads, writes               int       // requests in flight
	err                         string
	dirty, owesAuth             bool
	hist                        history
	wake                        chan struct{}
	prepared                    *job // its write's BeforeSend ran ahead (prepareNext)
}

// ivrSample is an IVR's path, to ask genesys which buckets a job's
// requests consume.
const ivrSample = "/api/v2/architect/ivrs/x"

// New returns a queue that does its jobs' requests with w.
func New(w Work, o Options) *Queue {
	o = o.withDefaults()
	q := &Queue{
		work:    w,
		opt:     o,
		byID:    map[string]*job{},
		counts:  map[State]int{},
		buckets: map[genesys.Bucket]*bucket{},
		hist:    history{window: o.Window},
		wake:    make(chan struct{}, 1),
	}
	for _, b := range genesys.BucketsFor(http.MethodGet, o.Resource) {
		q.readB = append(q.readB, q.bucket(b))
	}
	for _, b := range genesys.BucketsFor(http.MethodPut, o.Resource) {
		q.writeB = append(q.writeB, q.bucket(b))
	}
	return q
}

// bucket returns the named bucket, made at its configured or documented
// limit on first use.
func (q *Queue) bucket(name genesys.Bucket) *bucket {
	if b := q.buckets[name]; b != nil {
		return b
	}
	limit := q.opt.Limits[name]
	if limit <= 0 {
		limit = genesys.DocumentedLimits[name]
	}
	if limit <= 0 { // a bucket genesys has no number for: as strict as client×user
		limit = genesys.DocumentedLimits[genesys.BucketClientUser]
	}
	b := newBucket(name, limit, q.opt.Window)
	q.buckets[name] = b
	return b
}

// Add queues jobs after those already added. A job whose ID is already in
// the queue is ignored. Jobs added while Run runs are picked up; after Run
// returned, call Run again.
func (q *Queue) Add(jobs ...Job) {
	views := make([]JobView, len(jobs))
	for i, j := range jobs {
		views[i] = JobView{Job: j, State: JobQueued}
	}
	q.Restore(views...)
}

// Restore queues jobs as an earlier run left them, so a resumed batch counts
// what already ended. Ended views stay ended; any other view is queued again
// with its attempts kept: a job that was in flight is read again, and its
// Read reports ErrNothingToDo if its write had landed.
func (q *Queue) Restore(views ...JobView) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, v := range views {
		if _, dup := q.byID[v.ID]; dup {
			continue
		}
		// Attempts counts reads that failed too; taking it all as writes
		// only makes the write budget stricter after a reload.
		j := &job{view: v, phase: ended, backoff: q.newBackoff(), writeTries: v.Attempts}
		if !v.State.Ended() {
			j.phase = needRead
			j.view.State, j.view.WaitReason, j.view.NextTryAt, j.view.Cause = JobQueued, "", time.Time{}, ""
		}
		q.jobs = append(q.jobs, j)
		q.byID[v.ID] = j
		q.counts[j.view.State]++
	}
	q.advanceFirst()
	q.changed()
}

// Pause stops sending; requests in flight finish.
func (q *Queue) Pause() { q.control(func() { q.paused = true }) }

// Resume sends again after Pause or a hook error (which it clears; the
// change the hook refused is offered to it again).
func (q *Queue) Resume() { q.control(func() { q.paused, q.err = false, "" }) }

// Cancel stops sending for good. Jobs not in flight are cancelled; a request
// in flight finishes and its job ends as its answer says. Run then returns.
func (q *Queue) Cancel() { q.control(func() { q.cancelled = true }) }

// Authenticated leaves waiting-auth after the person signed in again: the
// queue resumes where it stopped, sending again the request the 401 refused.
func (q *Queue) Authenticated() { q.control(func() { q.needAuth = false }) }

// SetLimit sets a bucket's requests per window, as the org's limits API
// tells. A lower rate learned from 429s is kept; a limit of 0 or less is
// ignored.
func (q *Queue) SetLimit(b genesys.Bucket, perWindow int) {
	if perWindow <= 0 {
		return
	}
	q.control(func() { q.bucket(b).setLimit(perWindow, LimitOrg) })
}

// control applies a change from outside the runner and wakes it.
func (q *Queue) control(f func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.control0(f)
}

// noteStop keeps stoppedAt: set when sending stops, and on restart every
// job's budget clock moves forward by the time stopped.
func (q *Queue) noteStop(now time.Time, before bool) {
	switch after := q.canSend(); {
	case before && !after:
		q.stoppedAt = now
	case !before && after && !q.stoppedAt.IsZero():
		d := now.Sub(q.stoppedAt)
		for _, j := range q.jobs[q.first:] {
			if !j.since.IsZero() {
				j.since = j.since.Add(d)
			}
		}
		q.stoppedAt = time.Time{}
	}
}

// canSend reports whether new requests may leave.
func (q *Queue) canSend() bool {
	return q.started && !q.paused && !q.needAuth && !q.cancelled
}

// changed marks the queue for OnChange and wakes the runner.
func (q *Queue) changed() {
	q.dirty = true
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *Queue) advanceFirst() {
	for q.first < len(q.jobs) && q.jobs[q.first].phase == ended {
		q.first++
	}
}

func (q *Queue) allEnded() bool {
	return q.counts[JobDone]+q.counts[JobFailed]+q.counts[JobCancelled] == len(q.jobs)
}
