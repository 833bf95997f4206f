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
	// ETA is how long the jobs not ended would take at the believed
	// rates, from any current wait on.
	ETA time.Duration
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
	s.Rate = b.sentSince(now.Add(-q.opt.Window))
	s.Limit = int(math.Round(b.rate))
	if left := s.Total - s.Done - s.Failed - s.Cancelled; left > 0 && s.State != BatchCancelled {
		wait := max(nextAt(q.writeB).Sub(now), 0)
		s.ETA = wait + time.Duration(left)*perJob
	}
	return s
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
