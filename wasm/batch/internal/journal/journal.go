package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// DefaultPrefix is where records live when Journal.Prefix is empty.
const DefaultPrefix = "gcpace/journal/"

// Journal records batches in Store under Prefix (see the package doc for the
// layout). It holds no state of its own, so it is as safe for concurrent use
// as its Store; running one batch from one tab at a time is the caller's job
// (Web Locks). Store must be set.
type Journal struct {
	Store  kv.Store
	Prefix string
	// Pause, when set, is called between the steps of recording a new
	// batch and every so often in its loops: in the browser it may hand the
	// page's thread back, so a batch of thousands of jobs is recorded in
	// several short tasks rather than one long one.
	Pause func()
}

func (j *Journal) pause() {
	if j.Pause != nil {
		j.Pause()
	}
}

func (j *Journal) prefix() string {
	if j.Prefix == "" {
		return DefaultPrefix
	}
	return j.Prefix
}

func (j *Journal) headKey(batch string) string  { return j.prefix() + "b/" + batch }
func (j *Journal) stateKey(batch string) string { return j.headKey(batch) + "/state" }
func (j *Journal) jobKey(batch, job string) string {
	return j.headKey(batch) + "/j/" + job
}
func (j *Journal) partKey(batch string, n int) string {
	return j.headKey(batch) + "/p/" + strconv.Itoa(n)
}

// Start records a batch before its first request: every job's intent and
// initial state, and each IVR's before-state. It refuses while another
// batch is unfinished (resume or discard that one first). Once the new batch
// is recorded, finished older batches are deleted: only the latest is kept
// for its results and undo.
//
// When storage is full, Start deletes finished older batches and tries once
// more; if it is still full it removes what it wrote and returns a
// *FullError, and nothing may be sent.
func (j *Journal) Start(b Batch) error {
	if err := validate(b, j.pause); err != nil {
		return err
	}
	if b.State == "" {
		b.State = pacer.BatchRunning
	}
	// Unreadable records are left for Load to report and set aside; they
	// neither block a new batch nor get deleted with the finished ones.
	j.pause()
	heads, errs := j.scan(false)
	j.pause()
	for _, err := range errs {
		// A newer version's batch may still be running in another tab or
		// wait for its reload: two batches must not run at once.
		if ne, ok := err.(*NewerError); ok && !ne.Finished {
			return fmt.Errorf("journal: a newer version of gcpace has a batch that is not finished (%s): reload the page to use that version", ne.Key)
		}
	}
	for _, h := range heads {
		if h.ID == b.ID {
			return fmt.Errorf("journal: a batch %q is already recorded", b.ID)
		}
		if !BatchFinished(h.State) {
			return fmt.Errorf("journal: batch %s is not finished: resume or discard it before starting another", h.ID)
		}
	}
	head, parts, err := j.encode(b)
	if err != nil {
		return fmt.Errorf("journal: cannot encode batch %s: %w", b.ID, err)
	}
	j.pause()
	err = j.writeStart(b, head, parts)
	if errors.Is(err, kv.ErrQuota) {
		j.dropOthers(heads, b.ID)
		heads = nil
		err = j.writeStart(b, head, parts)
	}
	if err != nil {
		j.Discard(b.ID)
		if errors.Is(err, kv.ErrQuota) {
			return &FullError{BatchID: b.ID}
		}
		return fmt.Errorf("journal: cannot record batch %s: %w", b.ID, err)
	}
	j.dropOthers(heads, b.ID)
	return nil
}

// encode is b's head and, for a batch of more than one part's jobs, its
// part records (format 3).
func (j *Journal) encode(b Batch) (head string, parts []string, err error) {
	if len(b.Jobs) <= partJobs {
		head, err = encodeHead(b)
		return head, nil, err
	}
	return encodeParts(b, j.pause)
}

func (j *Journal) writeStart(b Batch, head string, parts []string) error {
	// The state record goes first: SetJob checks for it, and a head
	// without it would read as a batch in its initial state anyway. The
	// head goes last: a head names a batch whose parts are all written.
	if err := j.Store.Set(j.stateKey(b.ID), encodeState(stateRecord{State: string(b.State), Updated: b.Created})); err != nil {
		return err
	}
	if err := j.writeParts(b.ID, parts); err != nil {
		return err
	}
	j.pause()
	return j.Store.Set(j.headKey(b.ID), head)
}

// writeParts stores a batch's part records, pausing before each.
func (j *Journal) writeParts(batch string, parts []string) error {
	for i, p := range parts {
		j.pause()
		if err := j.Store.Set(j.partKey(batch, i), p); err != nil {
			return err
		}
	}
	return nil
}

// readParts fills in the jobs and before-states of a format-3 head read by
// scan, from its part records, or says why it cannot.
func (j *Journal) readParts(b *Batch) string {
	n := b.parts
	b.parts = 0
	for i := range n {
		if i > 0 {
			j.pause()
		}
		s, ok := j.Store.Get(j.partKey(b.ID, i))
		if !ok {
			return fmt.Sprintf("part %d of its %d is missing", i+1, n)
		}
		if why := decodePart(b, s); why != "" {
			return fmt.Sprintf("part %d of its %d: %s", i+1, n, why)
		}
	}
	return ""
}

// dropOthers deletes every recorded batch except keep.
func (j *Journal) dropOthers(heads []Batch, keep string) {
	for _, h := range heads {
		if h.ID != keep {
			j.Discard(h.ID)
		}
	}
}

func validate(b Batch, pause func()) error {
	if err := validID("batch", b.ID); err != nil {
		return err
	}
	if b.Kind == "" {
		return fmt.Errorf("journal: batch %s names no kind of edit", b.ID)
	}
	if b.Purpose != Apply && b.Purpose != Undo {
		return fmt.Errorf("journal: batch purpose %q is neither %q nor %q", b.Purpose, Apply, Undo)
	}
	if b.State != "" && !validBatchState(string(b.State)) {
		return fmt.Errorf("journal: unknown batch state %q", b.State)
	}
	seen := map[string]bool{}
	for _, job := range b.Jobs {
		pause()
		if err := validID("job", job.ID); err != nil {
			return err
		}
		if seen[job.ID] {
			return fmt.Errorf("journal: job id %q appears twice", job.ID)
		}
		seen[job.ID] = true
		if job.Key == "" {
			return fmt.Errorf("journal: job %s names nothing to edit", job.ID)
		}
		if !json.Valid(job.Intent) {
			return fmt.Errorf("journal: job %s has no intent", job.ID)
		}
		if !validJobState(string(job.State)) {
			return fmt.Errorf("journal: job %s has unknown state %q", job.ID, job.State)
		}
		// Undo and reconciliation need to know what each key held.
		if _, ok := b.Before[job.Key]; !ok {
			return fmt.Errorf("journal: job %s changes %s, whose before-state is not given", job.ID, job.Key)
		}
	}
	return nil
}

func validID(what, id string) error {
	if id == "" || strings.ContainsAny(id, "/#") {
		return fmt.Errorf("journal: %s id %q is empty or holds / or #", what, id)
	}
	return nil
}

// SetJob records a job's new state. Call it before acting on the change
// (before sending, before showing a job done), so a reload finds at least
// what was about to happen. A *FullError means the change is not recorded
// and must not be acted on. errText is scrubbed of anything token-like.
func (j *Journal) SetJob(batchID, jobID string, state pacer.State, attempts int, errText string, now time.Time) error {
	if !validJobState(string(state)) {
		return fmt.Errorf("journal: unknown job state %q", state)
	}
	if err := validID("job", jobID); err != nil {
		return err
	}
	if err := j.exists(batchID); err != nil {
		return err
	}
	rec := encodeState(stateRecord{State: string(state), Attempts: attempts, Error: scrub(errText), Updated: now})
	if err := j.Store.Set(j.jobKey(batchID, jobID), rec); err != nil {
		if errors.Is(err, kv.ErrQuota) {
			return &FullError{BatchID: batchID, JobID: jobID, State: string(state)}
		}
		return fmt.Errorf("journal: cannot record job %s: %w", jobID, err)
	}
	return nil
}

// SetState records the batch's state (running, paused, waiting-auth, …).
func (j *Journal) SetState(batchID string, state pacer.BatchState, now time.Time) error {
	if !validBatchState(string(state)) {
		return fmt.Errorf("journal: unknown batch state %q", state)
	}
	if err := j.exists(batchID); err != nil {
		return err
	}
	if err := j.Store.Set(j.stateKey(batchID), encodeState(stateRecord{State: string(state), Updated: now})); err != nil {
		if errors.Is(err, kv.ErrQuota) {
			return &FullError{BatchID: batchID, State: string(state)}
		}
		return fmt.Errorf("journal: cannot record batch %s as %s: %w", batchID, state, err)
	}
	return nil
}

// Finish records that the batch ended: state is BatchDone or BatchCancelled.
// The record stays for results and undo until the next Start or Discard.
func (j *Journal) Finish(batchID string, state pacer.BatchState, now time.Time) error {
	if !BatchFinished(state) {
		return fmt.Errorf("journal: %q is not a final batch state", state)
	}
	return j.SetState(batchID, state, now)
}

// Discard deletes every record of a batch.
func (j *Journal) Discard(batchID string) {
	j.Store.Remove(j.headKey(batchID))
	for _, k := range j.Store.Keys(j.headKey(batchID) + "/") {
		j.Store.Remove(k)
	}
}

// exists checks for a batch by its small state record, not its head, which
// for a big batch is far too large to read on every job change.
func (j *Journal) exists(batchID string) error {
	if _, ok := j.Store.Get(j.stateKey(batchID)); !ok {
		return fmt.Errorf("journal: no batch %q is recorded", batchID)
	}
	return nil
}

// Load returns the latest recorded batch, unfinished or finished, with every
// job in its latest recorded state; nil when there is none.
//
// Records it cannot read are moved aside and reported, joined in err, as
// *CorruptError (use errors.As). Only the tab that runs batches (holds the
// runner lock) may call Load; the others call Peek. A batch in a newer
// format is neither read nor moved: it is reported as *NewerError. An unreadable head loses that batch (an
// older readable one, if any, is returned). An unreadable job state does
// not: the batch is returned along with the error, that job marked
// JobSending — "may or may not have landed" — so the job re-reads what it edits
// before anything is sent again. An unreadable batch state reads as paused,
// or done when every job ended, so nothing resumes without the person.
func (j *Journal) Load() (*Batch, error) { return j.load(true) }

// Peek is Load for a tab that only watches another tab's batch: it reads the
// same way but moves nothing, so an older copy of the page open in a second
// tab cannot set aside records the running tab (perhaps a newer version,
// writing a newer Format) still needs. Unreadable records are reported with
// KeptAs == Key.
func (j *Journal) Peek() (*Batch, error) { return j.load(false) }

func (j *Journal) load(fix bool) (*Batch, error) {
	heads, errs := j.scan(fix)
	for len(heads) > 0 {
		last := &heads[len(heads)-1]
		why := j.readParts(last)
		if why == "" {
			break
		}
		// A head whose parts cannot be read loses its batch, as an
		// unreadable head does.
		key := j.headKey(last.ID)
		if s, ok := j.Store.Get(key); ok {
			errs = append(errs, j.keepAside(key, s, why, fix))
		}
		j.keepAsideRest(key, fix)
		heads = heads[:len(heads)-1]
	}
	if len(heads) == 0 {
		return nil, errors.Join(errs...)
	}
	b := heads[len(heads)-1]

	if s, ok := j.Store.Get(j.stateKey(b.ID)); ok {
		rec, why := decodeState(s, validBatchState)
		if why != "" {
			errs = append(errs, j.keepAside(j.stateKey(b.ID), s, why, fix))
			b.State = ""
		} else {
			b.State, b.Updated = pacer.BatchState(rec.State), rec.Updated
		}
	}
	allEnded := true
	for i := range b.Jobs {
		job := &b.Jobs[i]
		key := j.jobKey(b.ID, job.ID)
		if s, ok := j.Store.Get(key); ok {
			rec, why := decodeState(s, validJobState)
			if why != "" {
				errs = append(errs, j.keepAside(key, s, why, fix))
				job.State = pacer.JobSending
			} else {
				job.State, job.Attempts, job.Error, job.Updated = pacer.State(rec.State), rec.Attempts, rec.Error, rec.Updated
			}
		}
		allEnded = allEnded && job.State.Ended()
	}
	if b.State == "" {
		b.State = pacer.BatchPaused
		if allEnded {
			b.State = pacer.BatchDone
		}
	}
	return &b, errors.Join(errs...)
}

// scan reads every batch head, oldest first, moving unreadable ones (and
// the rest of their batch) aside when fix is set. Each head's State is its state record's.
func (j *Journal) scan(fix bool) ([]Batch, []error) {
	var heads []Batch
	var errs []error
	root := j.prefix() + "b/"
	for _, key := range j.Store.Keys(root) {
		if strings.Contains(key[len(root):], "/") {
			continue // a state or job record; read with its head
		}
		s, ok := j.Store.Get(key)
		if !ok {
			continue
		}
		if f := headFormat(s); f > Format {
			// Never moved aside, nor its state and job records: the newer
			// version that wrote them may be running this batch right now.
			errs = append(errs, &NewerError{Key: key, Format: f, Finished: j.finishedState(key)})
			continue
		}
		b, why := decodeHead(s)
		if why == "" && b.ID != key[len(root):] {
			why = fmt.Sprintf("it is stored under %q but names batch %q", key[len(root):], b.ID)
		}
		if why != "" {
			errs = append(errs, j.keepAside(key, s, why, fix))
			j.keepAsideRest(key, fix)
			continue
		}
		if st, ok := j.Store.Get(j.stateKey(b.ID)); ok {
			if rec, why := decodeState(st, validBatchState); why == "" {
				b.State = pacer.BatchState(rec.State)
			}
		}
		heads = append(heads, b)
	}
	sort.SliceStable(heads, func(a, c int) bool {
		if !heads[a].Created.Equal(heads[c].Created) {
			return heads[a].Created.Before(heads[c].Created)
		}
		return heads[a].ID < heads[c].ID
	})
	return heads, errs
}

// finishedState reports whether the state record of the batch whose head is
// at headKey says done or cancelled. Its format may be newer too: only a
// clear answer counts, anything else reads as not finished.
func (j *Journal) finishedState(headKey string) bool {
	s, ok := j.Store.Get(headKey + "/state")
	if !ok {
		return false
	}
	rec, why := decodeState(s, validBatchState)
	return why == "" && BatchFinished(pacer.BatchState(rec.State))
}

// keepAsideRest moves the state, part and job records of a batch whose
// head (at headKey) could not be read aside with it.
func (j *Journal) keepAsideRest(headKey string, fix bool) {
	for _, k := range j.Store.Keys(headKey + "/") {
		if v, ok := j.Store.Get(k); ok {
			j.keepAside(k, v, "its batch record could not be read", fix)
		}
	}
}

// keepAside moves an unreadable record under corrupt/ and reports it. When
// fix is false, or the store is too full even for that, the record stays
// where it is.
func (j *Journal) keepAside(key, value, why string, fix bool) *CorruptError {
	if !fix {
		return &CorruptError{Key: key, KeptAs: key, Reason: why}
	}
	base := j.prefix() + "corrupt/" + strings.TrimPrefix(key, j.prefix())
	kept := base
	for n := 2; ; n++ {
		if _, taken := j.Store.Get(kept); !taken {
			break
		}
		kept = fmt.Sprintf("%s#%d", base, n)
	}
	if err := j.Store.Set(kept, value); err != nil {
		return &CorruptError{Key: key, KeptAs: key, Reason: why}
	}
	j.Store.Remove(key)
	return &CorruptError{Key: key, KeptAs: kept, Reason: why}
}
