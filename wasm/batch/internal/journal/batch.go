package journal

import (
	"encoding/json"
	"time"

	"github.com/gcpace/gcpace/wasm/pacer"
)

// Format is the number of the record layout this code writes. Formats 1
// (round 1: IVR numbers only, read as the IVR kind) and 2 (the head holds
// every job, however many) are still read.
const Format = 3

// Purpose says why a batch was made: to apply a plan or to undo a batch.
type Purpose string

const (
	Apply Purpose = "apply"
	Undo  Purpose = "undo"
)

// KindIVRNumbers is the kind a format-1 record is read as: round 1 knew
// no other.
const KindIVRNumbers = "ivr-numbers"

// Batch is one recorded batch. The journal knows nothing of what its jobs
// edit: each job's intent and each key's before-state are the kind's JSON,
// stored as given.
type Batch struct {
	Format  int
	ID      string
	Kind    string  // the kind of edit ("ivr-numbers", "schedule-groups")
	Purpose Purpose // apply or undo
	PlanID  string  // the preview this batch was started from
	Created time.Time
	State   pacer.BatchState
	Updated time.Time // when State was last written
	Jobs    []JobRecord
	Before  map[string]json.RawMessage // key → the kind's before-state, when the batch was recorded

	// parts is how many part records hold the jobs of a format-3 head
	// read by scan; zero once they are read, and for inline heads.
	parts int
}

// JobRecord is one job of a batch and its latest recorded state.
type JobRecord struct {
	ID     string
	Key    string // what the job edits (an IVR id, a group id)
	Label  string // its name for people
	Intent json.RawMessage
	After  []string
	State  pacer.State
	// Attempts and Error are as the pacer last reported them.
	Attempts int
	Error    string
	Updated  time.Time
}

// BatchFinished reports whether a batch state is final.
func BatchFinished(s pacer.BatchState) bool {
	return s == pacer.BatchDone || s == pacer.BatchCancelled
}
