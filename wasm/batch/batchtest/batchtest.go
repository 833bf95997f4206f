// Package batchtest helps tests outside the engine: it runs the journal's
// store suite over any kv.Store, and records a batch as a page would have,
// without those tests knowing the record layout.
package batchtest

import (
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/batch/internal/journal/journaltest"
	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// RunStoreSuite runs the journal's tests against stores made by newStore
// (see journaltest.RunStoreSuite).
func RunStoreSuite(t *testing.T, newStore func() kv.Store) {
	journaltest.RunStoreSuite(t, newStore)
}

// Record writes p into store's journal as batch id, in state, as a page of
// this version would have when it started it (as any script of the origin
// could, too).
func Record(store kv.Store, id string, p batch.Plan, state pacer.BatchState, now time.Time) error {
	rec := batch.Record{Format: journal.Format, ID: id, Kind: p.Kind.Name(), Purpose: p.Purpose, PlanID: p.ID,
		Created: now, State: state, Updated: now, Before: p.Before}
	for _, j := range p.Jobs {
		raw, err := p.Kind.EncodeIntent(j.Intent)
		if err != nil {
			return err
		}
		rec.Jobs = append(rec.Jobs, batch.JobRecord{ID: j.ID, Key: j.Key, Label: j.Label, Intent: raw, After: j.After,
			State: pacer.JobQueued, Updated: now})
	}
	return (&journal.Journal{Store: store}).Start(rec)
}

// JournalPrefix is where the journal keeps its records in the page's
// localStorage, for tests that plant records there.
const JournalPrefix = journal.DefaultPrefix
