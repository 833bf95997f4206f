package schedgroups

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// Name is the kind's name in the journal.
const Name = "schedule-groups"

// Deps is what the kind's jobs need from the page.
type Deps struct {
	// Client is the batch's API client (the page signs in after the kind
	// is made, hence a func).
	Client func() *genesys.Client
	// SignedIn reports whether a token is there (nil: always).
	SignedIn func() bool
	// Seen is told every copy of a group a job read or wrote (nil: nothing).
	Seen func(genesys.ScheduleGroup)
	// ScheduleName names a schedule by id for the rows' words (nil, or
	// "" for an id it does not know: the id is shown).
	ScheduleName func(id string) string
}

// Kind is the schedule groups kind for the engine (wasm/batch.Kind). Its
// methods use only standard and pacer types: this package does not import
// the engine. Make it with NewKind.
type Kind struct{ d Deps }

// NewKind returns the kind over d.
func NewKind(d Deps) *Kind { return &Kind{d: d} }

func (k *Kind) Name() string     { return Name }
func (k *Kind) Resource() string { return Resource }
func (k *Kind) Thing() string    { return "schedule group" }

// Updates counts jobs: "1 schedule group update", "120 schedule group updates".
func (k *Kind) Updates(n int) string {
	if n == 1 {
		return "1 schedule group update"
	}
	return fmt.Sprintf("%d schedule group updates", n)
}

// Work is the kind's pacer.Work; each job's Intent is an Intent.
func (k *Kind) Work() pacer.Work {
	return &Work{ClientOf: k.d.Client, SignedIn: k.d.SignedIn, Seen: k.d.Seen}
}

// intentJSON is an intent as the journal stores it.
type intentJSON struct {
	Group  string  `json:"group"`
	Add    []Entry `json:"add,omitempty"`
	Remove []Entry `json:"remove,omitempty"`
}

// entries are stored as {"list":"holiday","schedule":"<id>"}.
func (e Entry) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		List     List   `json:"list"`
		Schedule string `json:"schedule"`
	}{e.List, e.Schedule})
}

func (e *Entry) UnmarshalJSON(data []byte) error {
	var v struct {
		List     List   `json:"list"`
		Schedule string `json:"schedule"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	if _, err := parseList(string(v.List)); err != nil || v.Schedule == "" {
		return fmt.Errorf("schedgroups: an entry without a list or a schedule: %s", data)
	}
	e.List, e.Schedule = v.List, v.Schedule
	return nil
}

// EncodeIntent is an Intent's journal form.
func (k *Kind) EncodeIntent(intent any) (json.RawMessage, error) {
	in, ok := intent.(Intent)
	if !ok {
		return nil, fmt.Errorf("schedgroups: an intent of type %T", intent)
	}
	return json.Marshal(intentJSON{Group: in.GroupID, Add: in.Add, Remove: in.Remove})
}

// DecodeIntent reads an Intent back.
func (k *Kind) DecodeIntent(raw json.RawMessage) (any, error) { return DecodeIntent(raw) }

// DecodeIntent reads an Intent from its journal form.
func DecodeIntent(raw json.RawMessage) (Intent, error) {
	var j intentJSON
	if err := json.Unmarshal(raw, &j); err != nil {
		return Intent{}, fmt.Errorf("schedgroups: an intent that is not one: %w", err)
	}
	return Intent{GroupID: j.Group, Add: j.Add, Remove: j.Remove}, nil
}

// Summary is what an intent changes, in words, with the list named as the
// preview names it: "Holiday list: add Christmas
// Day 2026".
func (k *Kind) Summary(intent any) string {
	in, _ := intent.(Intent)
	var parts []string
	for _, e := range in.Remove {
		parts = append(parts, listLabel(e.List)+" list: remove "+k.scheduleName(e.Schedule))
	}
	for _, e := range in.Add {
		parts = append(parts, listLabel(e.List)+" list: add "+k.scheduleName(e.Schedule))
	}
	return strings.Join(parts, "; ")
}

func (k *Kind) scheduleName(id string) string {
	if k.d.ScheduleName != nil {
		if n := k.d.ScheduleName(id); n != "" {
			return n
		}
	}
	return id
}

// Before is a group as it was when a batch was recorded.
type Before struct {
	Name    string   `json:"name"`
	Version int      `json:"version"`
	Open    []string `json:"open"`
	Closed  []string `json:"closed"`
	Holiday []string `json:"holiday"`
}

// EncodeBefore is a group's before-state in the journal's form.
func EncodeBefore(g genesys.ScheduleGroup) json.RawMessage {
	l := listsOf(g)
	data, _ := json.Marshal(Before{Name: g.Name, Version: g.Version, Open: l.Open, Closed: l.Closed, Holiday: l.Holiday}) // cannot fail
	return data
}

// DecodeBefore reads a before-state back.
func DecodeBefore(raw json.RawMessage) (Before, error) {
	var b Before
	err := json.Unmarshal(raw, &b)
	return b, err
}

// Lists are the before-state's three lists.
func (b Before) Lists() Lists { return Lists{Open: b.Open, Closed: b.Closed, Holiday: b.Holiday} }

// Jobs is a plan's jobs for the engine: each carries its intent; names
// label them.
func Jobs(p Plan, names map[string]string) []pacer.Job {
	out := make([]pacer.Job, len(p.Jobs))
	for i, in := range p.Jobs {
		out[i] = pacer.Job{ID: fmt.Sprintf("j%d", i+1), Key: in.GroupID, Label: names[in.GroupID], Intent: in}
	}
	return out
}

// listLabel is a list's name at the start of a phrase: "Holiday".
func listLabel(l List) string {
	s := string(l)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
