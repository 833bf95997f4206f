// Package batch is gcpace's engine: a batch of jobs from a plan, recorded
// in a journal before anything is sent, run through the pacer, resumed
// after a reload, shared between tabs, kept in a history and undone. It is
// generic over a Kind and knows nothing of IVRs or schedule groups; only
// it knows how a batch is stored.
//
// The app drives it through Engine's methods and hears back through Host.
package batch

import (
	"encoding/json"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// Kind is one kind of bulk edit (IVR numbers, schedule groups). Its methods
// use only standard and pacer types, so a kind's package need not import
// this one.
type Kind interface {
	// Name is stored in the journal with every batch ("ivr-numbers").
	Name() string
	// Resource is the path of one object the jobs edit, for
	// pacer.Options.Resource: it picks the rate buckets.
	Resource() string
	// Work does one job's requests: GET, apply pacer.Job.Intent (what
	// DecodeIntent returned) to that fresh copy, PUT with the version read.
	Work() pacer.Work
	// EncodeIntent and DecodeIntent are the journal's form of an intent.
	EncodeIntent(intent any) (json.RawMessage, error)
	DecodeIntent(raw json.RawMessage) (any, error)
	// Summary is what an intent changes, in words, for its job's row.
	Summary(intent any) string
	// Updates counts jobs in words: "1 IVR update", "3 IVR updates".
	Updates(n int) string
	// Thing names one object the jobs edit: "IVR", "schedule group".
	Thing() string
}

// Purpose says why a batch was made.
type Purpose = journal.Purpose

const (
	Apply = journal.Apply // apply a plan
	Undo  = journal.Undo  // undo an earlier batch
)

// Record is a batch as the journal holds it: each job's intent and each
// key's before-state in the kind's JSON, every state typed.
type Record = journal.Batch

// JobRecord is one job of a Record.
type JobRecord = journal.JobRecord

// Who says who ran a batch and in which org.
type Who = journal.Who

// HistoryEntry is one past batch's summary.
type HistoryEntry = journal.HistoryEntry

// History bounds, for the page to name.
const (
	HistoryMaxBatches = journal.DefaultMaxBatches
	HistoryMaxBytes   = journal.DefaultMaxBytes
)

// Plan is what Start records and runs: jobs whose Intent is the kind's
// intent, and the before-state of every key they edit (the kind's JSON).
type Plan struct {
	ID      string // the preview it was made from
	Kind    Kind
	Purpose Purpose
	Jobs    []pacer.Job
	Before  map[string]json.RawMessage
}
