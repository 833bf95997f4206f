// Package journal is the durable record of a batch over a kv.Store
// (localStorage in the browser), so a reload, a second tab or a crash loses
// no edit and doubles none.
//
// It lives inside the engine (wasm/batch): no other package knows this
// layout. It knows nothing of what a batch edits: a job's intent and a
// key's before-state are the kind's own JSON, stored as given.
//
// # Layout (format 3)
//
// Keys are under Journal.Prefix ("gcpace/journal/" when empty):
//
//	b/<batch>            head: format, id, kind (of edit), purpose (apply or undo),
//	                     created, and either every job's key, label, intent and
//	                     initial state with each key's before-state (a batch of
//	                     up to 250 jobs), or "parts": n; written once, last
//	b/<batch>/p/<i>      part i of n: the next 250 jobs, and the before-state of
//	                     each key no earlier part gave; written once, before the head
//	b/<batch>/state      the batch's state: {"s":"running","u":<time>}
//	b/<batch>/j/<job>    a job's latest state: {"s":"done","a":2,"e":"…","u":<time>}
//	corrupt/<key>#<n>    a record that could not be read, kept aside
//
// A big batch is written in parts so that recording it is many short
// writes, with Journal.Pause between them, not one: in the browser a
// 5 000-job head was a 2 MB localStorage write, one main-thread task of
// ~75 ms after an ~80 ms encode (issue 14). A part that is missing or
// unreadable loses its batch as an unreadable head does: a batch is never
// read with some of its jobs missing. Format 2 is format 3 with every batch
// in its head; it is still read.
//
// The head never changes after Start, and each state change rewrites only
// the job's own small record, so a batch of n jobs costs O(n) bytes to
// record, not the O(n²) of rewriting the whole batch on every change. A job
// with no record of its own is in the state its head gives.
//
// The head carries the format number. A newer app reading an older format
// must convert it: a format-1 head (round 1, IVR numbers only, "kind"
// naming the purpose, numbers to add and remove per job) is read as the
// IVR kind ("ivr-numbers"), its jobs' numbers as that kind's intent JSON. A record that is not valid JSON, or names no format, is
// moved aside and reported as a *CorruptError, never dropped silently. A
// head in a newer format is left where it is and reported as *NewerError:
// an older copy of the page must never strand a newer one's batch.
//
// Nothing here holds a token: no field is meant for one, and error texts are
// scrubbed of anything that looks like a bearer token before they are stored.
package journal
