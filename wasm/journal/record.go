package journal

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/gcpace/gcpace/wasm/dnis"
)

// The stored form is defined here, apart from Batch and dnis.Intent, so that
// renaming a Go field can never change what is on disk without a new Format.

type headRecord struct {
	Format  int                     `json:"format"`
	ID      string                  `json:"id"`
	Kind    string                  `json:"kind"`
	PlanID  string                  `json:"plan,omitempty"`
	Created time.Time               `json:"created"`
	State   string                  `json:"state"`
	Jobs    []jobHead               `json:"jobs"`
	Before  map[string]beforeRecord `json:"before"`
}

type jobHead struct {
	ID      string   `json:"id"`
	IVRID   string   `json:"ivr"`
	IVRName string   `json:"name,omitempty"`
	Add     []string `json:"add,omitempty"`
	Remove  []string `json:"remove,omitempty"`
	After   []string `json:"after,omitempty"`
	State   string   `json:"state"`
}

type beforeRecord struct {
	Name    string   `json:"name"`
	Version int      `json:"version"`
	DNIS    []string `json:"dnis"`
}

// stateRecord is a job's or the batch's latest state: small, because it is
// rewritten on every change.
type stateRecord struct {
	State    string    `json:"s"`
	Attempts int       `json:"a,omitempty"`
	Error    string    `json:"e,omitempty"`
	Updated  time.Time `json:"u"`
}

func encodeHead(b Batch) (string, error) {
	h := headRecord{Format: Format, ID: b.ID, Kind: b.Kind, PlanID: b.PlanID, Created: b.Created.UTC(), State: b.State,
		Before: map[string]beforeRecord{}}
	for _, j := range b.Jobs {
		h.Jobs = append(h.Jobs, jobHead{ID: j.ID, IVRID: j.IVRID, IVRName: j.IVRName,
			Add: j.Intent.Add, Remove: j.Intent.Remove, After: j.After, State: j.State})
	}
	for id, v := range b.Before {
		h.Before[id] = beforeRecord(v)
	}
	data, err := json.Marshal(h)
	return string(data), err
}

// headFormat is the format number of a stored head, or 0 when it has none
// or is not JSON.
func headFormat(s string) int {
	var probe struct {
		Format int `json:"format"`
	}
	if json.Unmarshal([]byte(s), &probe) != nil {
		return 0
	}
	return probe.Format
}

// decodeHead reads a head, or says why it cannot. Callers check for a
// newer format first (headFormat): that is no fault of the record.
func decodeHead(s string) (Batch, string) {
	var probe struct {
		Format *int `json:"format"`
	}
	if err := json.Unmarshal([]byte(s), &probe); err != nil {
		return Batch{}, "not valid JSON: " + err.Error()
	}
	switch {
	case probe.Format == nil:
		return Batch{}, "no format number"
	case *probe.Format != Format:
		// Future formats are not guessed at: a newer app may have changed
		// what a field means.
		return Batch{}, fmt.Sprintf("format %d, and this version reads format %d", *probe.Format, Format)
	}
	var h headRecord
	if err := json.Unmarshal([]byte(s), &h); err != nil {
		return Batch{}, "not a batch record: " + err.Error()
	}
	if h.ID == "" {
		return Batch{}, "no batch id"
	}
	if h.Kind != KindApply && h.Kind != KindUndo {
		return Batch{}, fmt.Sprintf("unknown kind %q", h.Kind)
	}
	for _, j := range h.Jobs {
		if j.ID == "" || j.IVRID == "" || !validJobState(j.State) {
			return Batch{}, fmt.Sprintf("a job without id, IVR or known state (%q, %q, %q)", j.ID, j.IVRID, j.State)
		}
	}
	b := Batch{Format: h.Format, ID: h.ID, Kind: h.Kind, PlanID: h.PlanID, Created: h.Created, State: h.State, Updated: h.Created,
		Before: map[string]Before{}}
	for _, j := range h.Jobs {
		b.Jobs = append(b.Jobs, JobRecord{ID: j.ID, IVRID: j.IVRID, IVRName: j.IVRName,
			Intent: dnis.Intent{IVRID: j.IVRID, Add: j.Add, Remove: j.Remove},
			After:  j.After, State: j.State, Updated: h.Created})
	}
	for id, v := range h.Before {
		b.Before[id] = Before(v)
	}
	return b, ""
}

func encodeState(r stateRecord) string {
	r.Updated = r.Updated.UTC()
	data, _ := json.Marshal(r) // strings, an int and a time: cannot fail
	return string(data)
}

func decodeState(s string, valid func(string) bool) (stateRecord, string) {
	var r stateRecord
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return r, "not valid JSON: " + err.Error()
	}
	if !valid(r.State) {
		return r, fmt.Sprintf("unknown state %q", r.State)
	}
	return r, ""
}

func validJobState(s string) bool {
	switch s {
	case JobQueued, JobSending, JobWaiting, JobDone, JobFailed, JobCancelled:
		return true
	}
	return false
}

func validBatchState(s string) bool {
	switch s {
	case BatchRunning, BatchPaused, BatchWaitingAuth, BatchDone, BatchCancelled:
		return true
	}
	return false
}
