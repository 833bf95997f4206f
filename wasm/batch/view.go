package batch

import (
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// Screen is what the engine shows: the page's view embeds it, and Host.Update
// changes it in the same step as the rest of the page.
type Screen struct {
	Notice    string // words for the person; empty when there is nothing to say
	NoticeBad bool   // the notice reports a problem, not progress
	// NoticeBatch is the batch the notice speaks of ("picked up the batch
	// …"): the notice goes when that batch ends, its cause gone.
	NoticeBatch string
	Batch       *Batch
	ReadOnly    bool     // another tab runs the batch; this one watches
	Ask         bool     // Batch was not started in this tab: it runs only if the person says so (ResumeAsked, CancelAsked)
	History     *History // past batches of this browser profile
}

// Batch is a batch that runs or ran, as the pacer last reported it. Tabs
// send it to each other as JSON.
type Batch struct {
	Rev       int
	ID        string
	Kind      string  // the kind of edit
	Purpose   Purpose // apply or undo
	State     pacer.BatchState
	Jobs      []Job
	Total     int
	Ended     int // done + failed + cancelled
	Done      int
	Failed    int
	Cancelled int
	PlanID    string        // the preview it was started from
	Bucket    string        // the tightest limit's name: what Rate and Limit count
	Rate      int           // requests sent through that limit in the last window
	Limited   int           // of those, answered 429
	Limit     int           // what the pacer believes the limit is now, per window
	Source    string        // where Limit comes from: documented, org, server, learned
	Window    time.Duration // the rate-limit window
	ETA       time.Duration // time left when published; ETAAt is what to count down to
	ETAAt     time.Time     // when the batch should end; zero unless running
	Wait      *Wait         // the whole batch waits on one cause
	Err       string
	CanUndo   bool
	History   []Window // PUTs sent and 429s per rate-limit window, oldest first
}

// Wait is the whole batch waiting on one cause.
type Wait struct {
	Cause  pacer.WaitCause
	Until  time.Time // zero when it does not wait on a clock (signing in)
	Reason string
}

// CanRetryNow reports whether the person may cut the wait short: only a
// server error's backoff, never a 429's Retry-After.
func (w *Wait) CanRetryNow() bool {
	return w != nil && w.Cause == pacer.WaitServer && !w.Until.IsZero()
}

// Window is one rate-limit window of the batch, for the live chart.
type Window struct {
	Sent, Limited int
}

// Job is one row of the batch.
type Job struct {
	ID         string
	Key        string // what it edits: an IVR id, a group id
	Label      string // its name
	Summary    string // what it changes, in words: "add +13175550100; remove +13175550101"
	State      pacer.State
	Attempts   int
	Error      string
	WaitReason string
	WaitCause  pacer.WaitCause
	NextTryAt  time.Time
}

// Finished reports whether every job of the batch ended.
func (b *Batch) Finished() bool { return b != nil && b.State.Finished() }

// History is the page's list of past batches (CONTRACT.md §5 history-row).
type History struct {
	Rev     int
	Entries []HistoryEntry // newest first
	Dropped int            // older batches dropped to stay within the bounds
}

// fromSnapshot is the page's view of a batch the queue runs.
//
// summaries keeps each job's summary by job id: a job's intent never
// changes, and a 5 000-job batch made 50 000 summaries a second, their
// garbage collection included one long task of the page (issue 14).
//
// pause, when not nil, is called every few hundred jobs (see pauser).
func (e *Engine) fromSnapshot(rec Record, s pacer.Snapshot, summaries map[string]string, pause func()) *Batch {
	b := &Batch{
		ID: rec.ID, Kind: rec.Kind, Purpose: rec.Purpose, PlanID: rec.PlanID, State: s.State, Total: s.Total,
		Done: s.Done, Failed: s.Failed, Cancelled: s.Cancelled,
		Bucket: string(s.Bucket), Rate: s.Rate, Limited: s.RateLimited, Limit: s.Limit, Source: string(s.LimitSource),
		Window: s.Window, ETA: s.ETA, ETAAt: s.ETAAt, Err: s.Err,
	}
	if w := s.Wait; w != nil {
		b.Wait = &Wait{Cause: w.Cause, Until: w.Until, Reason: w.Reason}
	}
	b.Ended = b.Done + b.Failed + b.Cancelled
	for _, w := range s.Sends429 {
		// The chart counts what the limit it draws counts: the route's own
		// updates for its resource limit, every request for the app's or
		// the user's.
		sent := w.Writes
		if s.Bucket == genesys.BucketClientUser || s.Bucket == genesys.BucketUser {
			sent += w.Reads
		}
		b.History = append(b.History, Window{Sent: sent, Limited: w.Limited})
	}
	kind := e.kind(rec.Kind)
	if len(s.Jobs) > 0 {
		b.Jobs = make([]Job, 0, len(s.Jobs))
	}
	for i, v := range s.Jobs {
		if pause != nil && i%500 == 499 {
			pause()
		}
		j := Job{ID: v.ID, Key: v.Key, Label: v.Label, State: v.State, Attempts: v.Attempts,
			Error: v.LastError, WaitReason: v.WaitReason, WaitCause: v.Cause, NextTryAt: v.NextTryAt}
		if sum, ok := summaries[v.ID]; ok {
			j.Summary = sum
		} else if kind != nil && v.Intent != nil {
			j.Summary = kind.Summary(v.Intent)
			if summaries != nil {
				summaries[v.ID] = j.Summary
			}
		}
		if v.State == pacer.JobDone {
			b.CanUndo = true
		}
		b.Jobs = append(b.Jobs, j)
	}
	return b
}

// fromRecord is the page's view of a batch from its record alone.
func (e *Engine) fromRecord(rec Record) *Batch {
	b := &Batch{ID: rec.ID, Kind: rec.Kind, Purpose: rec.Purpose, PlanID: rec.PlanID, State: rec.State, Total: len(rec.Jobs)}
	kind := e.kind(rec.Kind)
	for _, r := range rec.Jobs {
		switch r.State {
		case pacer.JobDone:
			b.Done++
			b.CanUndo = true
		case pacer.JobFailed:
			b.Failed++
		case pacer.JobCancelled:
			b.Cancelled++
		}
		j := Job{ID: r.ID, Key: r.Key, Label: r.Label, State: r.State, Attempts: r.Attempts, Error: r.Error}
		if kind != nil {
			if in, err := kind.DecodeIntent(r.Intent); err == nil {
				j.Summary = kind.Summary(in)
			}
		}
		b.Jobs = append(b.Jobs, j)
	}
	b.Ended = b.Done + b.Failed + b.Cancelled
	return b
}
