package dnis

// UndoChanges returns the changes that restore every IVR a finished batch
// changed, to be planned with PlanChanges like any batch, so the undo gets a
// preview, notes and conflict checks of its own.
//
// results are the batch's per-number results (ExpandResults); before maps
// each IVR id to the numbers it held when the batch was recorded (the
// journal's before-state). Only results with OutcomeDone count, and of those
// only what the batch really changed: an added number the IVR did not hold
// before is removed, a removed number it did hold before is added back.
// Numbers the batch did not touch — including those someone else added or
// removed since — are left alone, because undo is itself a set of intents
// replayed on the IVRs' current numbers, not a restore of stored arrays.
// Failed and cancelled jobs are skipped: their PUT did not land.
//
// The changes name IVRs by id and are in the batch's order; a move undoes as
// a move back (PlanChanges orders its remove first). Planning them against
// the current org turns what others did since into notes (a number already
// gone) or problems (a number now on a third IVR) instead of overwriting it.
func UndoChanges(results []Result, before map[string][]string) []Change {
	held := map[string]map[string]bool{}
	heldBy := func(ivr string) map[string]bool {
		if h, ok := held[ivr]; ok {
			return h
		}
		h := set(before[ivr])
		held[ivr] = h
		return h
	}
	type key struct {
		ivr, number string
		action      Action
	}
	seen := map[key]bool{}
	var out []Change
	for _, r := range results {
		if r.Outcome != OutcomeDone {
			continue
		}
		was := heldBy(r.IVRID)[canon(r.Number)]
		var undo Action
		switch {
		case r.Action == Add && !was:
			undo = Remove
		case r.Action == Remove && was:
			undo = Add
		default:
			continue
		}
		k := key{r.IVRID, canon(r.Number), undo}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, Change{IVR: r.IVRID, Action: undo, Number: r.Number})
	}
	return out
}
