// Package ivrnumbers is the first kind of bulk edit: the phone numbers
// (DNIS) of Architect IVRs. It wraps the dnis planner for the engine: the
// job's requests, the journal's form of an intent and of an IVR's
// before-state, the rows' words, and results and undo from a record.
package ivrnumbers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// Name is the kind's name in the journal.
const Name = "ivr-numbers"

// Resource is an IVR's path, for pacer.Options.Resource.
const Resource = "/api/v2/architect/ivrs/x"

// Deps is what the kind's jobs need from the page.
type Deps struct {
	// Client is the batch's API client (the page signs in after the kind
	// is made, hence a func).
	Client func() *genesys.Client
	// SignedIn reports whether a token is there: without one no request
	// is sent and the job waits for sign-in.
	SignedIn func() bool
	// Remember keeps the page's copy of the org current with what a job
	// read or wrote (nil: nothing kept).
	Remember func(genesys.IVR)
}

// Kind is the IVR numbers kind. Make it with New.
type Kind struct{ d Deps }

// New returns the kind over d.
func New(d Deps) *Kind {
	if d.SignedIn == nil {
		d.SignedIn = func() bool { return true }
	}
	if d.Remember == nil {
		d.Remember = func(genesys.IVR) {}
	}
	return &Kind{d: d}
}

func (k *Kind) Name() string     { return Name }
func (k *Kind) Resource() string { return Resource }
func (k *Kind) Thing() string    { return "IVR" }

// Updates counts jobs: "1 IVR update", "3 IVR updates".
func (k *Kind) Updates(n int) string {
	if n == 1 {
		return "1 IVR update"
	}
	return fmt.Sprintf("%d IVR updates", n)
}

// intentJSON is an intent as the journal stores it (format 1's jobs read
// as this too).
type intentJSON struct {
	IVR    string   `json:"ivr"`
	Add    []string `json:"add,omitempty"`
	Remove []string `json:"remove,omitempty"`
}

// EncodeIntent is a dnis.Intent's journal form.
func (k *Kind) EncodeIntent(intent any) (json.RawMessage, error) {
	in, ok := intent.(dnis.Intent)
	if !ok {
		return nil, fmt.Errorf("ivrnumbers: an intent of type %T", intent)
	}
	return json.Marshal(intentJSON{IVR: in.IVRID, Add: in.Add, Remove: in.Remove})
}

// DecodeIntent reads a dnis.Intent back.
func (k *Kind) DecodeIntent(raw json.RawMessage) (any, error) { return DecodeIntent(raw) }

// DecodeIntent reads a dnis.Intent from its journal form.
func DecodeIntent(raw json.RawMessage) (dnis.Intent, error) {
	var j intentJSON
	if err := json.Unmarshal(raw, &j); err != nil {
		return dnis.Intent{}, fmt.Errorf("ivrnumbers: an intent that is not one: %w", err)
	}
	return dnis.Intent{IVRID: j.IVR, Add: j.Add, Remove: j.Remove}, nil
}

// Summary is what an intent changes, in words.
func (k *Kind) Summary(intent any) string {
	in, _ := intent.(dnis.Intent)
	var parts []string
	if len(in.Remove) > 0 {
		parts = append(parts, "remove "+strings.Join(in.Remove, ", "))
	}
	if len(in.Add) > 0 {
		parts = append(parts, "add "+strings.Join(in.Add, ", "))
	}
	return strings.Join(parts, "; ")
}

// Before is an IVR as it was when a batch was recorded.
type Before struct {
	Name    string   `json:"name"`
	Version int      `json:"version"`
	DNIS    []string `json:"dnis"`
}

// EncodeBefore is an IVR's before-state in the journal's form.
func EncodeBefore(ivr genesys.IVR) json.RawMessage {
	data, _ := json.Marshal(Before{Name: ivr.Name, Version: ivr.Version, DNIS: append([]string{}, ivr.DNIS...)}) // cannot fail
	return data
}

// DecodeBefore reads a before-state back.
func DecodeBefore(raw json.RawMessage) (Before, error) {
	var b Before
	err := json.Unmarshal(raw, &b)
	return b, err
}

// Work is the kind's pacer.Work.
func (k *Kind) Work() pacer.Work { return work{k.d} }

// work does one job's requests: GET the IVR, apply the job's intent to
// that fresh copy, PUT it back with the version read. Replaying an intent
// (not a stored array) is what keeps someone else's edit alive.
type work struct{ d Deps }

func intentOf(j pacer.Job) dnis.Intent {
	in, _ := j.Intent.(dnis.Intent)
	return in
}

func (w work) Read(ctx context.Context, j pacer.Job) (any, genesys.Meta, error) {
	if !w.d.SignedIn() {
		return nil, genesys.ErrSignedOut.Meta, genesys.ErrSignedOut
	}
	ivr, m, err := w.d.Client().GetIVR(ctx, j.Key)
	if err != nil {
		return nil, m, err
	}
	w.d.Remember(ivr)
	if ivr.State == "deleted" {
		return nil, m, pacer.Permanent(errors.New("this IVR was deleted in Genesys Cloud"))
	}
	if intentOf(j).Satisfied(ivr.DNIS) {
		return nil, m, pacer.ErrNothingToDo
	}
	return ivr, m, nil
}

func (w work) Write(ctx context.Context, j pacer.Job, read any) (genesys.Meta, error) {
	if !w.d.SignedIn() {
		return genesys.ErrSignedOut.Meta, genesys.ErrSignedOut
	}
	ivr := read.(genesys.IVR)
	ivr.DNIS = intentOf(j).Apply(ivr.DNIS)
	out, m, err := w.d.Client().PutIVR(ctx, ivr)
	if err == nil {
		w.d.Remember(out)
	}
	return m, err
}
