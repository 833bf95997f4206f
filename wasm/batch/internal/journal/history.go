package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// DefaultHistoryPrefix is where History keeps its records when Prefix is empty.
const DefaultHistoryPrefix = "gcpace/history/"

// History bounds: the last DefaultMaxBatches batches, or fewer when their
// records pass DefaultMaxBytes. localStorage holds about five million
// characters per origin in Chromium, and the running batch's journal must
// always find room, so the history keeps well under that.
const (
	DefaultMaxBatches = 50
	DefaultMaxBytes   = 2 << 20
)

// History is the record of every finished batch of this browser profile
// (issue 12: who ran it, in which org, when, what happened, and enough to
// undo or export it later), kept apart from the journal, which keeps only
// the latest batch. The oldest batches are dropped to stay within
// MaxBatches and MaxBytes, and when storage is full; how many were dropped
// is counted so the page can say so.
//
// Layout under Prefix: "index" holds every batch's summary (small, read to
// list the history); "b/<batch>" holds one batch's jobs, outcomes and
// before-state (read to undo or export it). A batch of more than 250 jobs
// keeps its jobs and before-states in part records "b/<batch>/p/<i>", as
// the journal does (format 3), and "b/<batch>" only their outcomes.
//
// Like Journal it holds no state of its own; writes from two tabs at once
// may lose one index update, which costs a history line, never an edit.
type History struct {
	Store      kv.Store
	Prefix     string
	MaxBatches int // DefaultMaxBatches when 0
	MaxBytes   int // DefaultMaxBytes when 0
	// Pause is as Journal.Pause: called between the writes of a big
	// batch's record.
	Pause func()
}

// records is the journal's view of the history's batch records: they are
// laid out as the journal's heads and parts are, under "b/".
func (h *History) records() *Journal {
	return &Journal{Store: h.Store, Prefix: h.prefix(), Pause: h.Pause}
}

// Who says who ran a batch and in which org.
type Who struct {
	User, UserID, Org string
}

// HistoryEntry is one batch's summary, as the history list shows it.
type HistoryEntry struct {
	ID                            string
	Kind                          string  // the kind of edit
	Purpose                       Purpose // apply or undo
	State                         pacer.BatchState
	Created, Ended                time.Time
	Who                           Who
	Jobs, Done, Failed, Cancelled int
	Size                          int  // bytes of its full record
	Kept                          bool // its full record is kept (undo and export work)
}

// indexFormat is the index's own layout number: format 2 of the journal
// only added "purpose" beside "kind" in it, which an entry without reads as
// round 1's (kind was the purpose, and every batch was an IVR one).
const indexFormat = 1

type historyIndex struct {
	Format  int         `json:"format"`
	Entries []entryJSON `json:"entries"` // oldest first
	Dropped int         `json:"dropped"`
}

type entryJSON struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`           // the purpose in round 1's entries (no "edit")
	Edit      string    `json:"edit,omitempty"` // the kind of edit; empty in round 1's entries
	State     string    `json:"state"`
	Created   time.Time `json:"created"`
	Ended     time.Time `json:"ended"`
	User      string    `json:"user,omitempty"`
	UserID    string    `json:"userId,omitempty"`
	Org       string    `json:"org,omitempty"`
	Jobs      int       `json:"jobs"`
	Done      int       `json:"done"`
	Failed    int       `json:"failed"`
	Cancelled int       `json:"cancelled"`
	Size      int       `json:"size"`
	Kept      bool      `json:"kept"`
}

type historyJSON struct {
	Format int                    `json:"format"`
	Head   json.RawMessage        `json:"head"` // as the journal writes it (in Format), before-state included
	Jobs   map[string]stateRecord `json:"jobs"` // each job's final state
}

func (h *History) prefix() string {
	if h.Prefix == "" {
		return DefaultHistoryPrefix
	}
	return h.Prefix
}

func (h *History) indexKey() string          { return h.prefix() + "index" }
func (h *History) batchKey(id string) string { return h.prefix() + "b/" + id }

func (h *History) limits() (int, int) {
	n, size := h.MaxBatches, h.MaxBytes
	if n <= 0 {
		n = DefaultMaxBatches
	}
	if size <= 0 {
		size = DefaultMaxBytes
	}
	return n, size
}

// Add records a batch that ended (or replaces its earlier record), with who
// ran it, as the newest entry, then drops the oldest entries beyond the
// bounds. A batch whose record alone passes MaxBytes is listed without it
// (no undo or export from the history).
func (h *History) Add(b Batch, who Who, ended time.Time) error {
	recs := h.records()
	head, parts, err := recs.encode(b)
	if err != nil {
		return fmt.Errorf("journal: cannot encode batch %s for the history: %w", b.ID, err)
	}
	var hj historyJSON
	hj.Format = Format
	hj.Head = json.RawMessage(head)
	hj.Jobs = map[string]stateRecord{}
	e := entryJSON{ID: b.ID, Kind: string(b.Purpose), Edit: b.Kind, State: string(b.State), Created: b.Created.UTC(), Ended: ended.UTC(),
		User: who.User, UserID: who.UserID, Org: who.Org, Jobs: len(b.Jobs)}
	for _, j := range b.Jobs {
		hj.Jobs[j.ID] = stateRecord{State: string(j.State), Attempts: j.Attempts, Error: scrub(j.Error), Updated: j.Updated.UTC()}
		switch j.State {
		case pacer.JobDone:
			e.Done++
		case pacer.JobFailed:
			e.Failed++
		case pacer.JobCancelled:
			e.Cancelled++
		}
	}
	recs.pause()
	data, _ := json.Marshal(hj) // strings, numbers and times: cannot fail
	maxN, maxSize := h.limits()
	e.Size = len(data)
	for _, p := range parts {
		e.Size += len(p)
	}
	e.Kept = e.Size <= maxSize

	idx := h.index()
	kept := idx.Entries[:0]
	for _, old := range idx.Entries {
		if old.ID != b.ID {
			kept = append(kept, old)
		}
	}
	idx.Entries = append(kept, e)
	h.trim(&idx, maxN, maxSize)
	if e.Kept {
		for {
			err = h.write(b.ID, string(data), parts)
			if !errors.Is(err, kv.ErrQuota) || !h.dropOldest(&idx) {
				break
			}
		}
		if err != nil {
			h.remove(b.ID)
			idx.Entries[len(idx.Entries)-1].Kept = false
		}
	}
	for {
		err = h.Store.Set(h.indexKey(), encodeIndex(idx))
		if !errors.Is(err, kv.ErrQuota) || !h.dropOldest(&idx) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("journal: cannot record batch %s in the history: %w", b.ID, err)
	}
	return nil
}

// write stores a batch's record: its parts first, then the record that
// names them.
func (h *History) write(id, record string, parts []string) error {
	recs := h.records()
	if err := recs.writeParts(id, parts); err != nil {
		return err
	}
	recs.pause()
	return h.Store.Set(h.batchKey(id), record)
}

// remove deletes a batch's record and its parts.
func (h *History) remove(id string) { h.records().Discard(id) }

// trim drops the oldest entries until at most maxN are left and the kept
// records fit in maxSize. The newest entry always stays.
func (h *History) trim(idx *historyIndex, maxN, maxSize int) {
	for len(idx.Entries) > 1 {
		total := 0
		for _, e := range idx.Entries {
			if e.Kept {
				total += e.Size
			}
		}
		if len(idx.Entries) <= maxN && total <= maxSize {
			return
		}
		h.dropOldest(idx)
	}
}

// dropOldest deletes the oldest entry but the newest; false when none is left.
func (h *History) dropOldest(idx *historyIndex) bool {
	if len(idx.Entries) < 2 {
		return false
	}
	h.remove(idx.Entries[0].ID)
	idx.Entries = idx.Entries[1:]
	idx.Dropped++
	return true
}

// List returns the history, newest first, and how many older batches were
// dropped to keep within its bounds.
func (h *History) List() ([]HistoryEntry, int) {
	idx := h.index()
	out := make([]HistoryEntry, 0, len(idx.Entries))
	for i := len(idx.Entries) - 1; i >= 0; i-- {
		e := idx.Entries[i]
		kind, purpose := e.Edit, Purpose(e.Kind)
		if kind == "" {
			kind = KindIVRNumbers
		}
		out = append(out, HistoryEntry{ID: e.ID, Kind: kind, Purpose: purpose, State: pacer.BatchState(e.State), Created: e.Created, Ended: e.Ended,
			Who: Who{User: e.User, UserID: e.UserID, Org: e.Org}, Jobs: e.Jobs, Done: e.Done, Failed: e.Failed,
			Cancelled: e.Cancelled, Size: e.Size, Kept: e.Kept})
	}
	return out, idx.Dropped
}

// Batch returns a batch of the history with every job's final state.
func (h *History) Batch(id string) (Batch, error) {
	s, ok := h.Store.Get(h.batchKey(id))
	if !ok {
		return Batch{}, fmt.Errorf("journal: the history no longer holds batch %s", id)
	}
	var hj historyJSON
	if err := json.Unmarshal([]byte(s), &hj); err != nil || hj.Format < 1 || hj.Format > Format || headFormat(string(hj.Head)) != hj.Format {
		return Batch{}, fmt.Errorf("journal: the history's record of batch %s cannot be read", id)
	}
	b, why := decodeHead(string(hj.Head))
	if why == "" {
		why = h.records().readParts(&b)
	}
	if why != "" {
		return Batch{}, fmt.Errorf("journal: the history's record of batch %s cannot be read: %s", id, why)
	}
	for i := range b.Jobs {
		if r, ok := hj.Jobs[b.Jobs[i].ID]; ok {
			b.Jobs[i].State, b.Jobs[i].Attempts, b.Jobs[i].Error, b.Jobs[i].Updated = pacer.State(r.State), r.Attempts, r.Error, r.Updated
		}
	}
	return b, nil
}

// index reads the index; an unreadable one reads as empty (the history is
// a convenience: losing it must never stop a batch).
func (h *History) index() historyIndex {
	idx := historyIndex{Format: indexFormat}
	if s, ok := h.Store.Get(h.indexKey()); ok {
		var got historyIndex
		if json.Unmarshal([]byte(s), &got) == nil && got.Format == indexFormat {
			idx = got
		}
	}
	return idx
}

func encodeIndex(idx historyIndex) string {
	data, _ := json.Marshal(idx)
	return string(data)
}
