package app

import (
	"context"
	"errors"
	"time"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// The batch itself is the engine's (wasm/batch): the app hands it plans,
// passes the person's controls on, and shows what it reports.

// kinds are every kind of edit this page runs, and resumes after a reload.
func (a *App) kinds() []batch.Kind {
	return []batch.Kind{a.ivrKind, a.groupKind}
}

// Apply starts the plan whose preview has id planID, and nothing else: the
// page passes the id of the preview it shows, so a plan replaced or
// discarded meanwhile can never start. It works for every kind.
func (a *App) Apply(planID string) {
	if pb, ok := a.takePlan(planID, (*plannedBatch).ready); ok {
		go a.apply(pb)
	}
}

func (a *App) apply(pb *plannedBatch) {
	err := a.eng.Start(batch.Plan{ID: pb.id, Kind: pb.kind, Purpose: pb.purpose, Jobs: pb.jobs, Before: pb.before()})
	switch {
	case errors.Is(err, batch.ErrOtherTab):
		a.givePlanBack(pb, "Another gcpace tab is running a batch. Let it finish (or close it) and try again.")
	case err != nil:
		a.givePlanBack(pb, "The batch was not started: "+words(err))
	}
}

// Pause stops sending; what is in flight finishes.
func (a *App) Pause() { a.eng.Pause() }

// Resume sends again, once the journal recorded it.
func (a *App) Resume() { a.eng.Resume() }

// RetryNow ends a server error's backoff that the whole batch waits on; it
// never cuts a 429's Retry-After short.
func (a *App) RetryNow() { a.eng.RetryNow() }

// Cancel stops the batch; updates already sent stay applied.
func (a *App) Cancel() { a.eng.Cancel(a.signedIn()) }

// ResumeAsked runs the batch the page asked about.
func (a *App) ResumeAsked() { a.eng.ResumeAsked() }

// CancelAsked cancels the batch the page asked about; nothing is sent.
func (a *App) CancelAsked() { a.eng.CancelAsked() }

// Hidden is for the page's pagehide (see batch.Engine.Hidden).
func (a *App) Hidden() { a.eng.Hidden() }

// Restored is for pageshow from the back-forward cache (see
// batch.Engine.Restored).
func (a *App) Restored() { a.eng.Restored() }

// joinBatch picks up the journal's latest batch after the page loaded.
func (a *App) joinBatch() { a.eng.Join() }

// host is the app as the engine's Host.
type host struct{ a *App }

func (h host) Update(f func(s *batch.Screen)) { h.a.update(func(v *View) { f(&v.Screen) }) }
func (h host) Words(err error) string         { return words(err) }
func (h host) Window() time.Duration          { return h.a.window() }
func (h host) SignedOut()                     { h.a.flow.Clear() }
func (h host) SignIn()                        { h.a.autoSignIn("") }

func (h host) Learn(ctx context.Context, q *pacer.Queue) { h.a.learnLimits(ctx, q) }

func (h host) Ended(b *batch.Batch) {
	h.a.publishIVRs()
	h.a.d.Toast("gcpace batch finished", EndWords(b))
}

// learnLimits asks the org for its real limits once per batch; without an
// answer the pacer keeps the documented ones and learns from 429s.
func (a *App) learnLimits(ctx context.Context, q *pacer.Queue) {
	lim, err := a.client.Limits(ctx, "platform.api")
	if err != nil {
		return
	}
	for _, b := range []genesys.Bucket{genesys.BucketClientUser, genesys.BucketUser} {
		if n, ok := lim[string(b)]; ok && n > 0 {
			q.SetLimit(b, n)
		}
	}
}

// remember keeps the loaded org current with what the batch read or wrote,
// so the list, undo and the next plan see today's numbers.
func (a *App) remember(ivr genesys.IVR) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if ivr.State == "deleted" {
		delete(a.ivrs, ivr.ID)
		return
	}
	a.ivrs[ivr.ID] = keptOf(ivr)
}

// orgIVR is what the page keeps of each IVR of the org: what the list,
// the plans and the before-states use. Every other field of a listed IVR
// (descriptions, dates, flows, URIs: some 30 allocations each) is left to
// the collector: with 10 000 IVRs they were 14 of the page's 20 MB, and
// every collection marked them all again, in one task of the page (issue
// 14). A job reads its IVR afresh before it writes it, so nothing is lost.
type orgIVR struct {
	Name    string
	Version int
	DNIS    []string
}

func keptOf(r genesys.IVR) orgIVR { return orgIVR{Name: r.Name, Version: r.Version, DNIS: r.DNIS} }

// ExportResults downloads what happened to every number of the last batch.
func (a *App) ExportResults() {
	rec, ok := a.eng.Last()
	if !ok {
		return
	}
	rec = a.eng.Final(rec)
	a.exportBatch(rec, a.eng.HistoryWho(rec.ID))
}
