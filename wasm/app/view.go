package app

import (
	"time"

	"github.com/gcpace/gcpace/wasm/dnis"
)

// Phase is where the page is in its life: signing in, loading, ready.
type Phase string

const (
	PhaseStarting  Phase = "starting"
	PhaseSignedOut Phase = "signed-out"
	PhaseSigningIn Phase = "signing-in"
	PhaseLoading   Phase = "loading"
	PhaseReady     Phase = "ready"
	PhaseFatal     Phase = "fatal" // config.json unusable: nothing else can work
)

// View is everything the page shows, as plain values. The UI renders from it
// and never reaches into the App's state; each part carries a revision so the
// renderer redraws only what changed.
type View struct {
	Phase      Phase
	Notice     string // words for the person; empty when there is nothing to say
	NoticeBad  bool   // the notice reports a problem, not progress
	User       string
	Loaded     int // IVRs loaded so far
	Total      int // IVRs the org has (0 until the first page answered)
	IVRs       []dnis.IVR
	IVRsRev    int
	Preview    *Preview
	Batch      *Batch
	ReadOnly   bool   // another tab runs the batch; this one watches
	ReadOnlyBy string // words saying so

	// NoticeBatch is the batch the notice speaks of ("picked up the batch
	// …"): the notice goes when that batch ends, its cause gone.
	NoticeBatch string
	Ask         bool   // Batch was not started in this tab: it runs only if the person says so (ResumeAsked, CancelAsked)
	Org         string // the signed-in org's name and region
	Warning     string // a lasting warning about how the page is set up (the implicit grant)
	// Admin workflows (history.go, upload.go).
	History *History // past batches of this browser profile
	Input   Input    // the CSV being loaded

	// Kinds of edit (kinds.go, groups.go).
	Kinds  []KindOffer // what the signed-in person may view, in the switch's order
	Kind   KindID      // the kind shown
	Groups GroupsView  // the schedule groups kind
}

// Preview is a planned batch waiting for apply.
type Preview struct {
	// ID names this plan and no other: a new preview always has a new ID,
	// and Apply(ID) starts exactly this plan.
	ID       string
	Kind     string // "apply" or "undo"
	Rows     []dnis.PreviewRow
	Problems []dnis.Problem
	Notes    []dnis.Note
	Jobs     int
}

// CanApply reports whether apply may start this preview.
func (p *Preview) CanApply() bool { return p != nil && len(p.Problems) == 0 && p.Jobs > 0 }

// Batch is a batch that runs or ran, as the pacer last reported it.
type Batch struct {
	Rev       int
	ID        string
	Kind      string
	State     string // idle, running, paused, waiting-auth, done, cancelled
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
	Cause  string    // rate-limit, server, auth
	Until  time.Time // zero when it does not wait on a clock (signing in)
	Reason string
}

// CanRetryNow reports whether the person may cut the wait short: only a
// server error's backoff, never a 429's Retry-After.
func (w *Wait) CanRetryNow() bool { return w != nil && w.Cause == "server" && !w.Until.IsZero() }

// Window is one rate-limit window of the batch, for the live chart.
type Window struct {
	Sent, Limited int
}

// Job is one row of the running batch.
type Job struct {
	ID         string
	IVRID      string
	IVRName    string
	Summary    string // what it changes, in words: "add +13175550100; remove +13175550101"
	State      string // queued, sending, waiting, done, failed, cancelled
	Attempts   int
	Error      string
	WaitReason string
	WaitCause  string // rate-limit, server, reread, auth
	NextTryAt  time.Time
}

// Finished reports whether every job of the batch ended.
func (b *Batch) Finished() bool {
	return b != nil && (b.State == "done" || b.State == "cancelled")
}
