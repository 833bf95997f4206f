package dnis

import (
	"fmt"
	"strings"
)

// IVR is the view of an Architect IVR the planner needs.
type IVR struct {
	ID, Name string
	DNIS     []string
}

// Action is what a change does to a number on an IVR.
type Action string

const (
	Add    Action = "add"
	Remove Action = "remove"
	// Set rows of one IVR together name every number it must end up with
	// (CONTRACT.md §4); the planner turns them into adds and removes.
	Set Action = "set"
)

// parseAction reads an action as typed: trimmed, any case.
func parseAction(s string) (Action, error) {
	switch a := Action(strings.ToLower(strings.TrimSpace(s))); a {
	case Add, Remove, Set:
		return a, nil
	case "":
		return "", fmt.Errorf("the action is empty: use add, remove or set")
	}
	return "", fmt.Errorf("%s is not an action: use add, remove or set", quote(strings.TrimSpace(s)))
}

// Change is one requested edit as the person gave it, before it is checked
// against the org.
type Change struct {
	Line   int    // 1-based line of the CSV (header = 1); 0 when not from a CSV
	IVR    string // IVR id or exact name, as typed
	Action Action
	Number string // as typed; the planner normalises it
}

// Problem is an input line or a conflict that keeps a batch from being
// applied. Message is a sentence for the admin; it does not repeat the line.
type Problem struct {
	Line    int // 0 when not from a CSV
	Message string
}

// Note is an input line that changes nothing (a number already on its IVR,
// or already absent): reported, never an error, never a job.
type Note struct {
	Line    int
	IVRID   string
	Message string
}

// where renders a line reference for a message, or nothing for line 0.
func where(line int) string {
	if line <= 0 {
		return ""
	}
	return fmt.Sprintf(" (line %d)", line)
}

// firstOn points a message at the earlier line it conflicts with.
func firstOn(line int) string {
	if line <= 0 {
		return ""
	}
	return fmt.Sprintf(" (first on line %d)", line)
}
