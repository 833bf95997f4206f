package journal

import (
	"time"

	"github.com/gcpace/gcpace/wasm/dnis"
)

// Format is the number of the record layout this code writes.
const Format = 1

// Batch kinds.
const (
	KindApply = "apply"
	KindUndo  = "undo"
)

// Batch states (CONTRACT.md §5 batch-status, less "idle").
const (
	BatchRunning     = "running"
	BatchPaused      = "paused"
	BatchWaitingAuth = "waiting-auth"
	BatchDone        = "done" // every job ended; some may have failed
	BatchCancelled   = "cancelled"
)

// Job states, as the pacer names them.
const (
	JobQueued    = "queued"
	JobSending   = "sending"
	JobWaiting   = "waiting"
	JobDone      = "done"
	JobFailed    = "failed"
	JobCancelled = "cancelled"
)

// Batch is one recorded batch.
type Batch struct {
	Format  int
	ID      string
	Kind    string // KindApply or KindUndo
	PlanID  string // the preview this batch was started from
	Created time.Time
	State   string    // a Batch* state
	Updated time.Time // when State was last written
	Jobs    []JobRecord
	Before  map[string]Before // IVR id → what it held when the batch was recorded
}

// JobRecord is one job of a batch and its latest recorded state.
type JobRecord struct {
	ID, IVRID, IVRName string
	Intent             dnis.Intent
	After              []string
	State              string // a Job* state
	Attempts           int
	Error              string // why it failed, in words
	Updated            time.Time
}

// Before is an IVR as it was when the batch was recorded.
type Before struct {
	Name    string
	Version int
	DNIS    []string
}

// NewBatch makes the record of a planned batch, every job queued, names
// taken from before.
func NewBatch(id, kind string, now time.Time, jobs []dnis.PlannedJob, before map[string]Before) Batch {
	b := Batch{Format: Format, ID: id, Kind: kind, Created: now, State: BatchRunning, Updated: now, Before: before}
	for _, j := range jobs {
		b.Jobs = append(b.Jobs, JobRecord{
			ID:      j.ID,
			IVRID:   j.Intent.IVRID,
			IVRName: before[j.Intent.IVRID].Name,
			Intent:  j.Intent,
			After:   j.After,
			State:   JobQueued,
			Updated: now,
		})
	}
	return b
}

// BatchFinished reports whether a batch state is final.
func BatchFinished(state string) bool { return state == BatchDone || state == BatchCancelled }

// JobEnded reports whether a job state is final.
func JobEnded(state string) bool {
	return state == JobDone || state == JobFailed || state == JobCancelled
}

// Results lists what happened to every number of the batch, for the
// results export and for undo.
func (b *Batch) Results() []dnis.Result {
	jobs := make([]dnis.JobOutcome, len(b.Jobs))
	for i, j := range b.Jobs {
		jobs[i] = dnis.JobOutcome{IVRName: j.IVRName, Intent: j.Intent, Outcome: j.State, Reason: j.Error, Attempts: j.Attempts}
	}
	return dnis.ExpandResults(jobs)
}

// UndoChanges returns the changes that undo what this batch changed (see
// dnis.UndoChanges), against the before-state it recorded.
func (b *Batch) UndoChanges() []dnis.Change {
	before := make(map[string][]string, len(b.Before))
	for id, v := range b.Before {
		before[id] = v.DNIS
	}
	return dnis.UndoChanges(b.Results(), before)
}
