package app

import (
	"strings"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/journal"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// The page's view of a batch, from the running queue or from the journal.

func summaryWords(b *Batch) string { return EndWords(b) }

// batchFromSnapshot is the page's view of the batch.
func batchFromSnapshot(rec journal.Batch, s pacer.Snapshot) *Batch {
	b := &Batch{
		ID: rec.ID, Kind: rec.Kind, PlanID: rec.PlanID, State: string(s.State), Total: s.Total,
		Done: s.Done, Failed: s.Failed, Cancelled: s.Cancelled,
		Bucket: string(s.Bucket), Rate: s.Rate, Limited: s.RateLimited, Limit: s.Limit, Source: string(s.LimitSource),
		Window: s.Window, ETA: s.ETA, ETAAt: s.ETAAt, Err: s.Err,
	}
	if w := s.Wait; w != nil {
		b.Wait = &Wait{Cause: string(w.Cause), Until: w.Until, Reason: w.Reason}
	}
	b.Ended = b.Done + b.Failed + b.Cancelled
	for _, w := range s.Sends429 {
		// The chart counts what the limit it draws counts: IVR updates for
		// the route's own limit, every request for the app's or the user's.
		sent := w.Writes
		if s.Bucket != genesys.BucketIVRPut {
			sent += w.Reads
		}
		b.History = append(b.History, Window{Sent: sent, Limited: w.Limited})
	}
	byID := make(map[string]*journal.JobRecord, len(rec.Jobs))
	for i := range rec.Jobs {
		byID[rec.Jobs[i].ID] = &rec.Jobs[i]
	}
	for _, v := range s.Jobs {
		j := Job{ID: v.ID, IVRID: v.Key, State: string(v.State), Attempts: v.Attempts,
			Error: v.LastError, WaitReason: v.WaitReason, WaitCause: string(v.Cause), NextTryAt: v.NextTryAt}
		if r := byID[v.ID]; r != nil {
			j.IVRName, j.Summary = r.IVRName, intentWords(r.Intent)
		}
		if v.State == pacer.JobDone {
			b.CanUndo = true
		}
		b.Jobs = append(b.Jobs, j)
	}
	return b
}

func batchFromRecord(rec journal.Batch) *Batch {
	b := &Batch{ID: rec.ID, Kind: rec.Kind, PlanID: rec.PlanID, State: rec.State, Total: len(rec.Jobs)}
	for _, r := range rec.Jobs {
		switch r.State {
		case journal.JobDone:
			b.Done++
			b.CanUndo = true
		case journal.JobFailed:
			b.Failed++
		case journal.JobCancelled:
			b.Cancelled++
		}
		b.Jobs = append(b.Jobs, Job{ID: r.ID, IVRID: r.IVRID, IVRName: r.IVRName, Summary: intentWords(r.Intent),
			State: r.State, Attempts: r.Attempts, Error: r.Error})
	}
	b.Ended = b.Done + b.Failed + b.Cancelled
	return b
}

func intentWords(in dnis.Intent) string {
	var parts []string
	if len(in.Remove) > 0 {
		parts = append(parts, "remove "+strings.Join(in.Remove, ", "))
	}
	if len(in.Add) > 0 {
		parts = append(parts, "add "+strings.Join(in.Add, ", "))
	}
	return strings.Join(parts, "; ")
}
