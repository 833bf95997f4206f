package dnis

import (
	"fmt"
	"slices"
	"strings"
)

// org indexes the loaded IVRs.
type org struct {
	ivrs    []IVR
	byID    map[string]int
	byName  map[string][]int
	byFold  map[string]int   // lower-cased name → the first IVR so named, for "did you mean"
	holders map[string][]int // E.164 → the IVRs holding it (one, unless the org's data is odd)
}

// onIVR is a number on one IVR.
type onIVR struct {
	ivr    int
	number string
}

func indexOrg(ivrs []IVR) org { return indexOrgPausing(ivrs, nil) }

// indexOrgPausing is indexOrg calling pause (when not nil) with each IVR's
// index as it goes: an org of 10 000 IVRs indexed in one go was a task of
// 120-180 ms before a big CSV's preview (issue 14).
func indexOrgPausing(ivrs []IVR, pause func(step int)) org {
	o := org{ivrs: ivrs, byID: map[string]int{}, byName: map[string][]int{}, byFold: map[string]int{}, holders: map[string][]int{}}
	for i, v := range ivrs {
		if pause != nil {
			pause(i)
		}
		if v.ID != "" {
			o.byID[v.ID] = i
		}
		o.byName[v.Name] = append(o.byName[v.Name], i)
		if _, seen := o.byFold[strings.ToLower(v.Name)]; !seen {
			o.byFold[strings.ToLower(v.Name)] = i
		}
		for _, n := range v.DNIS {
			k := canon(n)
			if !slices.Contains(o.holders[k], i) {
				o.holders[k] = append(o.holders[k], i)
			}
		}
	}
	return o
}

func (o org) holds(ivr int, number string) bool { return slices.Contains(o.holders[number], ivr) }

// check resolves a change's IVR and number, or says every reason it cannot.
func (o org) check(c Change) (edit, []string) {
	e := edit{Change: c}
	var reasons []string
	ivr, err := o.resolve(c.IVR)
	if err != "" {
		reasons = append(reasons, err)
	}
	e.ivr = ivr
	if c.Action != Add && c.Action != Remove && c.Action != Set {
		reasons = append(reasons, quote(string(c.Action))+" is not an action: use add, remove or set")
	}
	if c.Action == Set && strings.TrimSpace(c.Number) == "" {
		return e, reasons // a set row without a number: the IVR ends with none
	}
	n, nerr := Normalize(c.Number)
	if nerr != nil {
		reasons = append(reasons, nerr.Error())
	}
	e.number = n
	return e, reasons
}

// resolve finds the IVR a change names: by id, then by exact name.
func (o org) resolve(s string) (int, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return -1, "the IVR is empty: give its name or id"
	}
	if i, ok := o.byID[s]; ok {
		return i, ""
	}
	switch same := o.byName[s]; len(same) {
	case 1:
		return same[0], ""
	case 0:
		// Indexed, not a scan of every IVR: 10 000 unknown names in an
		// org of 10 000 IVRs would otherwise hold the page for seconds.
		if i, ok := o.byFold[strings.ToLower(s)]; ok {
			return -1, fmt.Sprintf("no IVR has the id or name %s (names are case-sensitive: did you mean %s?)", quote(s), quote(o.ivrs[i].Name))
		}
		return -1, fmt.Sprintf("no IVR has the id or name %s", quote(s))
	default:
		ids := make([]string, len(same))
		for k, i := range same {
			ids[k] = o.ivrs[i].ID
		}
		return -1, fmt.Sprintf("%d IVRs are named %s (ids %s): use the id instead", len(same), quote(s), strings.Join(ids, ", "))
	}
}

// dropContradictions keeps the first of two rows that cannot both hold.
func (p *Plan) dropContradictions(edits []edit, ivrs []IVR) []edit {
	added := map[string]edit{}  // number → first add
	removed := map[onIVR]edit{} // first remove of a number from an IVR
	var kept []edit
	for k, e := range edits {
		p.pause(k)
		name := quote(ivrs[e.ivr].Name)
		k := onIVR{e.ivr, e.number}
		switch e.Action {
		case Add:
			if first, ok := added[e.number]; ok && first.ivr == e.ivr {
				p.problem(e, "%s is added to %s twice%s", quote(e.number), name, firstOn(first.Line))
				continue
			} else if ok {
				p.problem(e, "%s is added to both %s%s and %s: a number can be on only one IVR",
					quote(e.number), quote(ivrs[first.ivr].Name), where(first.Line), name)
				continue
			}
			if first, ok := removed[k]; ok {
				p.problem(e, "%s is both removed from and added to %s%s", quote(e.number), name, firstOn(first.Line))
				continue
			}
			added[e.number] = e
		case Remove:
			if first, ok := added[e.number]; ok && first.ivr == e.ivr {
				p.problem(e, "%s is both added to and removed from %s%s", quote(e.number), name, firstOn(first.Line))
				continue
			}
			if first, ok := removed[k]; ok {
				p.note(e, ivrs, "%s is already removed from %s%s", quote(e.number), name, firstOn(first.Line))
				continue
			}
			removed[k] = e
		}
		kept = append(kept, e)
	}
	return kept
}

// checkState compares each edit with what the IVRs hold now. Removes are
// settled first, because an add of a number held elsewhere is a move only
// when the batch really removes it there.
func (p *Plan) checkState(edits []edit, o org, ivrs []IVR) []edit {
	removing := map[onIVR]bool{}
	keep := make([]bool, len(edits))
	for k, e := range edits {
		p.pause(k)
		if e.Action != Remove {
			continue
		}
		if !o.holds(e.ivr, e.number) {
			p.note(e, ivrs, "%s is not on %s: nothing to remove", quote(e.number), quote(ivrs[e.ivr].Name))
			continue
		}
		removing[onIVR{e.ivr, e.number}] = true
		keep[k] = true
	}
	for k := range edits {
		p.pause(k)
		e := &edits[k]
		if e.Action != Add {
			continue
		}
		if o.holds(e.ivr, e.number) {
			p.note(*e, ivrs, "%s is already on %s: nothing to add", quote(e.number), quote(ivrs[e.ivr].Name))
			continue
		}
		blocked := false
		for _, other := range o.holders[e.number] {
			if !removing[onIVR{other, e.number}] {
				v := ivrs[other]
				p.problem(*e, "%s is on the IVR %s (id %s): a number can be on only one IVR; to move it, remove it there in the same batch (or use “Move to the selected IVR”)",
					quote(e.number), quote(v.Name), v.ID)
				blocked = true
				break
			}
			e.from = append(e.from, other)
		}
		keep[k] = !blocked
	}
	var out []edit
	for k, e := range edits {
		if keep[k] {
			out = append(out, e)
		}
	}
	return out
}

func (p *Plan) problem(e edit, format string, args ...any) {
	p.Problems = append(p.Problems, Problem{Line: e.Line, Message: fmt.Sprintf(format, args...)})
}

func (p *Plan) note(e edit, ivrs []IVR, format string, args ...any) {
	p.Notes = append(p.Notes, Note{Line: e.Line, IVRID: ivrs[e.ivr].ID, Message: fmt.Sprintf(format, args...)})
}
