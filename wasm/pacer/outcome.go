package pacer

import "github.com/gcpace/gcpace/wasm/genesys"

// ErrNothingToDo is returned by Work.Read (or Work.Write) when the resource
// already is as the job intends: the job is done without a write. It is how
// a reload reconciles a job that was in flight.
var ErrNothingToDo = genesys.ErrAlreadyDone

// Permanent marks an error that retrying cannot fix (an intent that cannot
// apply to what was read); see genesys.Permanent.
func Permanent(err error) error { return genesys.Permanent(err) }

// Outcome is what one answer means for its job. The classes are genesys's:
// the queue acts on the same reading of an answer as the page's own reads
// and the sign-in check.
type Outcome = genesys.Class

// The outcomes a job's answer can have; see genesys.Classify.
type (
	Done     = genesys.Done
	Retry    = genesys.Retry
	Reread   = genesys.Reread
	NeedAuth = genesys.NeedAuth
	Failed   = genesys.Failed
)

// Classify says what an answer means for its job: genesys.Classify decides.
func Classify(m genesys.Meta, err error) Outcome { return genesys.Classify(m, err) }
