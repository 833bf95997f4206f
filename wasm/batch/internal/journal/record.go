package journal

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/gcpace/gcpace/wasm/pacer"
)

// The stored form is defined here, apart from Batch, so that renaming a Go
// field can never change what is on disk without a new Format. States are
// plain strings on disk and pacer's typed states everywhere else: this file
// is the one edge where they convert.

// headRecord is formats 2 and 3: kind-neutral. A job's intent and a key's
// before-state are the kind's own JSON. Format 3 added Parts: when it is
// above zero, the jobs and before-states are not in the head but in that
// many part records (partRecord), and the head is written after them.
type headRecord struct {
	Format  int                        `json:"format"`
	ID      string                     `json:"id"`
	Kind    string                     `json:"kind"`
	Purpose string                     `json:"purpose"`
	PlanID  string                     `json:"plan,omitempty"`
	Created time.Time                  `json:"created"`
	State   string                     `json:"state"`
	Parts   int                        `json:"parts,omitempty"`
	Jobs    []jobHead                  `json:"jobs,omitempty"`
	Before  map[string]json.RawMessage `json:"before,omitempty"`
}

// partRecord is one slice of a format-3 batch's jobs, in order, with the
// before-state of each key that no earlier part gave.
type partRecord struct {
	Jobs   []jobHead                  `json:"jobs"`
	Before map[string]json.RawMessage `json:"before"`
}

// partJobs is how many jobs one part record holds: about 100 kB for the
// IVR kind, which the browser encodes and stores in a few milliseconds. A
// 5 000-job batch as one 2 MB record was one setItem of ~75 ms and an
// encode of ~80 ms, each a task of its own that no click could interrupt.
const partJobs = 250

type jobHead struct {
	ID     string          `json:"id"`
	Key    string          `json:"key"`
	Label  string          `json:"label,omitempty"`
	Intent json.RawMessage `json:"intent"`
	After  []string        `json:"after,omitempty"`
	State  string          `json:"state"`
}

// headV1 is format 1, round 1's IVR-only head: "kind" was the purpose, and
// each job held an IVR's numbers to add and remove.
type headV1 struct {
	Format  int                 `json:"format"`
	ID      string              `json:"id"`
	Kind    string              `json:"kind"`
	PlanID  string              `json:"plan,omitempty"`
	Created time.Time           `json:"created"`
	State   string              `json:"state"`
	Jobs    []jobHeadV1         `json:"jobs"`
	Before  map[string]beforeV1 `json:"before"`
}

type jobHeadV1 struct {
	ID      string   `json:"id"`
	IVRID   string   `json:"ivr"`
	IVRName string   `json:"name,omitempty"`
	Add     []string `json:"add,omitempty"`
	Remove  []string `json:"remove,omitempty"`
	After   []string `json:"after,omitempty"`
	State   string   `json:"state"`
}

// beforeV1 is an IVR's before-state in format 1. The IVR kind's
// before-state JSON is the same object, so it is carried over as it is.
type beforeV1 struct {
	Name    string   `json:"name"`
	Version int      `json:"version"`
	DNIS    []string `json:"dnis"`
}

// intentV1 is the IVR kind's intent JSON that a format-1 job converts to.
type intentV1 struct {
	IVR    string   `json:"ivr"`
	Add    []string `json:"add,omitempty"`
	Remove []string `json:"remove,omitempty"`
}

// stateRecord is a job's or the batch's latest state: small, because it is
// rewritten on every change.
type stateRecord struct {
	State    string    `json:"s"`
	Attempts int       `json:"a,omitempty"`
	Error    string    `json:"e,omitempty"`
	Updated  time.Time `json:"u"`
}

func toHead(b Batch) headRecord {
	h := headRecord{Format: Format, ID: b.ID, Kind: b.Kind, Purpose: string(b.Purpose), PlanID: b.PlanID,
		Created: b.Created.UTC(), State: string(b.State), Before: map[string]json.RawMessage{}}
	for _, j := range b.Jobs {
		h.Jobs = append(h.Jobs, jobHead{ID: j.ID, Key: j.Key, Label: j.Label, Intent: j.Intent, After: j.After, State: string(j.State)})
	}
	for k, v := range b.Before {
		h.Before[k] = v
	}
	return h
}

// encodeHead is the batch in one record, jobs and before-states inline:
// the history's form, and the journal's for a batch of one part or less.
func encodeHead(b Batch) (string, error) {
	data, err := json.Marshal(toHead(b))
	return string(data), err
}

// encodeParts is the journal's form of a batch bigger than one part: the
// head without jobs, and the part records, each encoded apart with pause
// between them. Keys a part's jobs edit carry their before-state in the
// first part that names them; before-states no job names go in the last.
func encodeParts(b Batch, pause func()) (head string, parts []string, err error) {
	h := toHead(Batch{ID: b.ID, Kind: b.Kind, Purpose: b.Purpose, PlanID: b.PlanID, Created: b.Created, State: b.State})
	h.Before = nil
	given := make(map[string]bool, len(b.Before))
	for start := 0; start < len(b.Jobs); start += partJobs {
		pause()
		jobs := b.Jobs[start:min(start+partJobs, len(b.Jobs))]
		p := partRecord{Jobs: make([]jobHead, 0, len(jobs)), Before: map[string]json.RawMessage{}}
		for _, j := range jobs {
			p.Jobs = append(p.Jobs, jobHead{ID: j.ID, Key: j.Key, Label: j.Label, Intent: j.Intent, After: j.After, State: string(j.State)})
			if v, ok := b.Before[j.Key]; ok && !given[j.Key] {
				p.Before[j.Key], given[j.Key] = v, true
			}
		}
		if start+partJobs >= len(b.Jobs) {
			for k, v := range b.Before {
				if !given[k] {
					p.Before[k] = v
				}
			}
		}
		data, err := json.Marshal(p)
		if err != nil {
			return "", nil, err
		}
		parts = append(parts, string(data))
	}
	h.Parts = len(parts)
	data, err := json.Marshal(h)
	return string(data), parts, err
}

// decodePart adds a part record's jobs and before-states to b, or says why
// it cannot.
func decodePart(b *Batch, s string) string {
	var p partRecord
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return "not valid JSON: " + err.Error()
	}
	for _, j := range p.Jobs {
		if j.ID == "" || j.Key == "" || !validJobState(j.State) || !json.Valid(j.Intent) {
			return fmt.Sprintf("a job without id, key, intent or known state (%q, %q, %q)", j.ID, j.Key, j.State)
		}
		b.Jobs = append(b.Jobs, JobRecord{ID: j.ID, Key: j.Key, Label: j.Label, Intent: j.Intent,
			After: j.After, State: pacer.State(j.State), Updated: b.Created})
	}
	for k, v := range p.Before {
		b.Before[k] = v
	}
	return ""
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

// decodeHead reads a head of this format or an older one, or says why it
// cannot. Callers check for a newer format first (headFormat): that is no
// fault of the record.
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
	case *probe.Format == 1:
		return decodeV1(s)
	case *probe.Format != 2 && *probe.Format != Format:
		// Future formats are not guessed at: a newer app may have changed
		// what a field means. (Format 2 is format 3 without parts.)
		return Batch{}, fmt.Sprintf("format %d, and this version reads formats 1 to %d", *probe.Format, Format)
	}
	var h headRecord
	if err := json.Unmarshal([]byte(s), &h); err != nil {
		return Batch{}, "not a batch record: " + err.Error()
	}
	return fromHead(h)
}

func fromHead(h headRecord) (Batch, string) {
	if h.ID == "" {
		return Batch{}, "no batch id"
	}
	if h.Kind == "" {
		return Batch{}, "no kind of edit"
	}
	if p := Purpose(h.Purpose); p != Apply && p != Undo {
		return Batch{}, fmt.Sprintf("unknown purpose %q", h.Purpose)
	}
	for _, j := range h.Jobs {
		if j.ID == "" || j.Key == "" || !validJobState(j.State) || !json.Valid(j.Intent) {
			return Batch{}, fmt.Sprintf("a job without id, key, intent or known state (%q, %q, %q)", j.ID, j.Key, j.State)
		}
	}
	if h.Parts < 0 || (h.Parts > 0 && len(h.Jobs)+len(h.Before) > 0) {
		return Batch{}, fmt.Sprintf("%d parts, and jobs of its own", h.Parts)
	}
	b := Batch{Format: h.Format, ID: h.ID, Kind: h.Kind, Purpose: Purpose(h.Purpose), PlanID: h.PlanID, Created: h.Created,
		State: pacer.BatchState(h.State), Updated: h.Created, Before: map[string]json.RawMessage{}, parts: h.Parts}
	for _, j := range h.Jobs {
		b.Jobs = append(b.Jobs, JobRecord{ID: j.ID, Key: j.Key, Label: j.Label, Intent: j.Intent,
			After: j.After, State: pacer.State(j.State), Updated: h.Created})
	}
	for k, v := range h.Before {
		b.Before[k] = v
	}
	return b, ""
}

// decodeV1 reads a format-1 head as the IVR kind: the head becomes the
// format-2 head it would have been, so both read the same from there on.
func decodeV1(s string) (Batch, string) {
	var v1 headV1
	if err := json.Unmarshal([]byte(s), &v1); err != nil {
		return Batch{}, "not a batch record: " + err.Error()
	}
	if v1.Kind != string(Apply) && v1.Kind != string(Undo) {
		return Batch{}, fmt.Sprintf("unknown kind %q", v1.Kind)
	}
	h := headRecord{Format: 1, ID: v1.ID, Kind: KindIVRNumbers, Purpose: v1.Kind, PlanID: v1.PlanID, Created: v1.Created,
		State: v1.State, Before: map[string]json.RawMessage{}}
	for _, j := range v1.Jobs {
		if j.IVRID == "" {
			return Batch{}, fmt.Sprintf("a job without id, IVR or known state (%q, %q, %q)", j.ID, j.IVRID, j.State)
		}
		intent, _ := json.Marshal(intentV1{IVR: j.IVRID, Add: j.Add, Remove: j.Remove}) // strings only: cannot fail
		h.Jobs = append(h.Jobs, jobHead{ID: j.ID, Key: j.IVRID, Label: j.IVRName, Intent: intent, After: j.After, State: j.State})
	}
	for id, v := range v1.Before {
		h.Before[id], _ = json.Marshal(v)
	}
	return fromHead(h)
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
	switch pacer.State(s) {
	case pacer.JobQueued, pacer.JobSending, pacer.JobWaiting, pacer.JobDone, pacer.JobFailed, pacer.JobCancelled:
		return true
	}
	return false
}

func validBatchState(s string) bool {
	switch pacer.BatchState(s) {
	case pacer.BatchRunning, pacer.BatchPaused, pacer.BatchWaitingAuth, pacer.BatchDone, pacer.BatchCancelled:
		return true
	}
	return false
}
