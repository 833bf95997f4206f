package pacer

import (
	"math"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// Snapshot is the queue at one instant, for the page to render.
type Snapshot struct {
	State BatchState
	Jobs  []JobView // in the order added

	Total, Done, Failed, Cancelled int

	// Bucket is the tightest budget for these jobs, which Rate and Limit
	// describe: Rate is what went through it in the last Window, Limit
	// what the queue believes it allows per Window now.
	Bucket      genesys.Bucket
	Rate, Limit int
	Window      time.Duration
	// RateLimited is how many of Rate's sends were answered 429.
	RateLimited int
	// LimitSource says where Limit comes from.
	LimitSource LimitSource
	// ETA is how long the jobs not ended would take at the believed
	// rates, from the known waits on; ETAAt is when that is, so the page
	// counts it down through a wait without a new snapshot. Both are zero
	// unless the batch runs (paused, signing in or ended: no estimate).
	ETA   time.Duration
	ETAAt time.Time
	// Wait is set while the whole batch waits on one cause: a 429's
	// Retry-After, a server error's backoff, signing in.
	Wait *Wait
	// Sends429 is what was sent per window, and answered 429, oldest
	// first, for a small chart.
	Sends429 []WindowStat
	// Err is why the queue paused on its own (a hook failed), in words.
	Err string
}

// Snapshot is SnapshotAt(time.Now()).
func (q *Queue) Snapshot() Snapshot { return q.SnapshotAt(time.Now()) }

// SnapshotAt returns the queue as it stands at now. Safe for concurrent use.
func (q *Queue) SnapshotAt(now time.Time) Snapshot {
	q.mu.Lock()
	defer q.mu.Unlock()
	s := Snapshot{
		State:     q.batchState(),
		Jobs:      make([]JobView, len(q.jobs)),
		Total:     len(q.jobs),
		Done:      q.counts[JobDone],
		Failed:    q.counts[JobFailed],
		Cancelled: q.counts[JobCancelled],
		Window:    q.opt.Window,
		Sends429:  append([]WindowStat(nil), q.hist.stats...),
		Err:       q.err,
	}
	for i, j := range q.jobs {
		s.Jobs[i] = j.view
	}
	b, perJob := q.tightest()
	s.Bucket = b.name
	s.Rate, s.RateLimited = b.sentSince(now.Add(-q.opt.Window)), b.limitedSince(now.Add(-q.opt.Window))
	s.Limit = int(math.Round(b.rate))
	s.LimitSource = b.believed()
	if left := s.Total - s.Done - s.Failed - s.Cancelled; left > 0 && s.State == BatchRunning {
		s.ETAAt = q.etaAt(now, left, perJob)
		s.ETA = s.ETAAt.Sub(now)
	}
	s.Wait = q.batchWaitAt(now, s.State)
	return s
}

// etaAt is when the jobs left would all have been sent, by the queue's own
// schedule: the next write slot (after any hold), then one job per perJob;
// and no sooner than the last known wait of a job, plus its own turn.
func (q *Queue) etaAt(now time.Time, left int, perJob time.Duration) time.Time {
	start := later(now, nextAt(q.writeB))
	var lastWait time.Time
	for _, j := range q.jobs[q.first:] {
		if j.view.State == JobWaiting {
			lastWait = later(lastWait, j.view.NextTryAt)
			if j.phase == ready {
				// Its write goes first: nothing else writes before it.
				start = later(start, j.view.NextTryAt)
			}
		}
	}
	end := start.Add(time.Duration(left) * perJob)
	if !lastWait.IsZero() {
		end = later(end, lastWait.Add(perJob))
	}
	return end
}

// tightest returns the bucket that bounds how fast jobs can go, and the
// time one job takes through it (a job reads and writes through the
// buckets both consume).
func (q *Queue) tightest() (*bucket, time.Duration) {
	var best *bucket
	var perJob time.Duration
	for _, b := range q.writeB {
		d := b.spacing()
		for _, r := range q.readB {
			if r == b {
				d *= 2
			}
		}
		if best == nil || d > perJob {
			best, perJob = b, d
		}
	}
	return best, perJob
}

func (q *Queue) batchState() BatchState {
	switch {
	case q.cancelled:
		return BatchCancelled
	case !q.started && !q.paused:
		return BatchIdle
	case q.started && q.allEnded():
		return BatchDone
	case q.needAuth:
		return BatchWaitingAuth
	case q.paused:
		return BatchPaused
	}
	return BatchRunning
}
