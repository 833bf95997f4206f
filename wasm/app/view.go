package app

import (
	"github.com/gcpace/gcpace/wasm/batch"
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
	// Screen is what the engine shows: the batch, the history, its notices
	// and whether this tab only follows or asks.
	batch.Screen
	Phase      Phase
	User       string
	Loaded     int // IVRs loaded so far
	Total      int // IVRs the org has (0 until the first page answered)
	IVRs       []dnis.IVR
	IVRsRev    int
	Preview    *Preview
	ReadOnlyBy string // words saying so
	Org        string // the signed-in org's name and region
	Warning    string // a lasting warning about how the page is set up (the implicit grant)
	Input      Input  // the CSV being loaded (upload.go)

	// Kinds of edit (kinds.go, groups.go).
	Kinds  []KindOffer // what the signed-in person may view, in the switch's order
	Kind   KindID      // the kind shown
	Groups GroupsView  // the schedule groups kind
}

// Preview is a planned batch waiting for apply.
type Preview struct {
	// ID names this plan and no other: a new preview always has a new ID,
	// and Apply(ID) starts exactly this plan.
	ID      string
	Kind    string            // the kind of edit ("ivr-numbers", "schedule-groups")
	Purpose batch.Purpose     // apply or undo
	Rows    []dnis.PreviewRow // IVR plans: one per IVR that changes
	// Detail is another kind's preview rows, as its planner made them
	// (e.g. []schedgroups.PreviewRow).
	Detail   any
	Problems []dnis.Problem
	Notes    []dnis.Note
	Jobs     int
}

// CanApply reports whether apply may start this preview.
func (p *Preview) CanApply() bool { return p != nil && len(p.Problems) == 0 && p.Jobs > 0 }

// The engine's view of batches, as the page renders them.
type (
	Batch   = batch.Batch
	Job     = batch.Job
	Wait    = batch.Wait
	Window  = batch.Window
	History = batch.History
)
