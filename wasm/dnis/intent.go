package dnis

// Intent is what one job does to one IVR: numbers to add and to remove, in
// E.164. It is replayed on the freshest copy of the IVR (never a stored
// array), so numbers someone else added or removed meanwhile survive, and
// replaying it after it landed changes nothing.
//
// Add and Remove are disjoint; the planner never makes an intent that both
// adds and removes one number.
type Intent struct {
	IVRID  string
	Add    []string
	Remove []string
}

// Apply returns the numbers an IVR holding dnis should hold after the
// intent: dnis without Remove, then each Add not already held, appended.
// Existing numbers keep their order and spelling; no number appears twice,
// even when dnis itself held one twice, because Genesys refuses such a PUT.
// Numbers compare by their E.164 form. dnis is not modified.
func (i Intent) Apply(dnis []string) []string {
	drop := set(i.Remove)
	seen := map[string]bool{}
	out := make([]string, 0, len(dnis)+len(i.Add))
	for _, n := range dnis {
		k := canon(n)
		if drop[k] || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	for _, n := range i.Add {
		if k := canon(n); !seen[k] && !drop[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out
}

// Satisfied reports whether an IVR holding dnis already has every Add and
// none of Remove, so the intent has nothing left to do. After a reload it
// tells a job that landed from one that did not.
func (i Intent) Satisfied(dnis []string) bool {
	held := set(dnis)
	for _, n := range i.Add {
		if !held[canon(n)] {
			return false
		}
	}
	for _, n := range i.Remove {
		if held[canon(n)] {
			return false
		}
	}
	return true
}

// Inverse returns the intent that undoes i on an IVR that held before when
// i was applied: it removes only the numbers i actually added (not those
// already held) and adds back only the numbers i actually removed (those
// held). Numbers i did not touch, and numbers added by others since, are
// left alone.
func (i Intent) Inverse(before []string) Intent {
	held := set(before)
	inv := Intent{IVRID: i.IVRID}
	for _, n := range i.Add {
		if !held[canon(n)] {
			inv.Remove = append(inv.Remove, n)
		}
	}
	for _, n := range i.Remove {
		if held[canon(n)] {
			inv.Add = append(inv.Add, n)
		}
	}
	return inv
}

// Empty reports whether the intent changes nothing.
func (i Intent) Empty() bool { return len(i.Add) == 0 && len(i.Remove) == 0 }

// set indexes numbers by their E.164 form.
func set(ns []string) map[string]bool {
	m := make(map[string]bool, len(ns))
	for _, n := range ns {
		m[canon(n)] = true
	}
	return m
}
