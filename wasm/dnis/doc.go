// Package dnis turns what an admin types (a selection and a numbers box, or a
// CSV) into per-IVR edit intents, checks them against the loaded org, orders
// them into jobs, and writes the results and the undo of a finished batch.
//
// It is pure Go (no syscall/js) and does not import wasm/genesys: IVR is the
// minimal view the planner needs, so the rules here are tested natively.
//
// Messages in NumberError, Problem and Note are shown to a Genesys admin as
// they are, so they are plain sentences without the usual "dnis:" prefix.
package dnis
