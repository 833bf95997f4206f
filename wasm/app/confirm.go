package app

import (
	"fmt"

	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// AskAbove is the size of batch that apply asks about first: a slip in a
// CSV of a few rows is cheap to undo, a slip over hundreds of IVRs is not.
const AskAbove = 100

// ApplyQuestion is what the page asks before it starts pv, with the counts;
// "" when pv starts at once. It asks for a batch of more than AskAbove
// updates, and for any change that leaves an IVR with no numbers (calls to
// it stop routing).
func ApplyQuestion(pv *Preview) string {
	if pv == nil {
		return ""
	}
	emptied := 0
	for _, r := range pv.Rows {
		if len(r.After) == 0 {
			emptied++
		}
	}
	// An IVR plan has a row per IVR (several jobs may edit one); any other
	// kind has one job per object.
	things, one, many := len(pv.Rows), "IVR", "IVRs"
	if pv.Kind == schedgroups.Name {
		things, one, many = pv.Jobs, "schedule group", "schedule groups"
	}
	var s string
	if pv.Jobs > AskAbove {
		s = fmt.Sprintf("This batch sends %s to %s.", Count(pv.Jobs, "update", "updates"), Count(things, one, many))
	}
	if emptied > 0 {
		if s == "" {
			s = fmt.Sprintf("This batch sends %s.", Count(pv.Jobs, "update", "updates"))
		}
		s += " " + Count(emptied, "IVR is", "IVRs are") + " left with no numbers: calls to " +
			map[bool]string{true: "it", false: "them"}[emptied == 1] + " stop routing."
	}
	return s
}

// CancelQuestion is what the page asks before it cancels b, with the counts.
func CancelQuestion(b *Batch) string {
	if b == nil {
		return "Cancel the batch?"
	}
	left := b.Total - b.Ended
	return fmt.Sprintf("%s not sent yet will not be sent. Changes already made (%d) stay; undo them afterwards if you need to.",
		upper(Count(left, "update", "updates")), b.Done)
}
