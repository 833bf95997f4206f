package dnis

import "fmt"

// setGroup is the set rows of one IVR.
type setGroup struct {
	rows  []edit
	empty int // line of a set row without a number; -1 when none
}

// expandSets turns each IVR's set rows into the removes and adds that leave
// it holding exactly the numbers they name (CONTRACT.md §4), and passes
// every other edit through.
//
// A set is applied whole or not at all, because leaving one of its rows out
// would remove the very number that row meant to keep. So an IVR gets no
// set edits when:
//   - it also has add or remove rows (one problem per such row, naming the
//     set's line): a set says what the IVR ends with, an add says what it
//     gains, and together they contradict or repeat each other;
//   - its set has an empty-number row besides others (a problem on it):
//     "no numbers" and "these numbers" cannot both hold;
//   - any row naming it was rejected (tainted: IVR → that row's line).
//
// A number named twice in one IVR's set is a note. An IVR that already
// holds exactly its set is one note, on the set's first line. The removes
// carry the set's first line, each add its own row's line, so problems
// about them (a number held by another IVR) point at the right row.
func (p *Plan) expandSets(edits []edit, o org, tainted map[int]int) []edit {
	groups := map[int]*setGroup{}
	var order []int
	for _, e := range edits {
		if e.Action != Set {
			continue
		}
		g, ok := groups[e.ivr]
		if !ok {
			g = &setGroup{empty: -1}
			groups[e.ivr] = g
			order = append(order, e.ivr)
		}
		g.rows = append(g.rows, e)
		if e.number == "" && g.empty < 0 {
			g.empty = e.Line
		}
	}
	if len(groups) == 0 {
		return edits
	}
	skip := map[int]bool{}
	var out []edit
	for _, e := range edits {
		if e.Action == Set {
			continue
		}
		if g, ok := groups[e.ivr]; ok {
			p.problem(e, "%s is set on line %d, so this row cannot also %s a number there: set names every number the IVR ends with; "+
				"use only set rows for it, or only add and remove rows (nothing is changed on it until then)",
				quote(o.ivrs[e.ivr].Name), g.rows[0].Line, e.Action)
			skip[e.ivr] = true
			continue
		}
		out = append(out, e)
	}
	for _, i := range order {
		g := groups[i]
		name := quote(o.ivrs[i].Name)
		if g.empty >= 0 && len(g.rows) > 1 {
			other := g.rows[0].Line
			if other == g.empty {
				other = g.rows[1].Line
			}
			p.Problems = append(p.Problems, Problem{Line: g.empty, Message: fmt.Sprintf(
				"a set row without a number means %s ends with no numbers, so it must be its only set row (another is on line %d)", name, other)})
			continue
		}
		if line, bad := tainted[i]; bad {
			p.Problems = append(p.Problems, Problem{Line: g.rows[0].Line, Message: fmt.Sprintf(
				"%s is not changed: line %d about it has a problem, and an IVR's set rows are applied together or not at all", name, line)})
			continue
		}
		if skip[i] {
			continue
		}
		out = append(out, p.setEdits(g, o, i)...)
	}
	return out
}

// setEdits is the difference between what IVR i holds and its set.
func (p *Plan) setEdits(g *setGroup, o org, i int) []edit {
	want := map[string]int{} // number → line that names it
	var adds []edit
	for _, e := range g.rows {
		if e.number == "" {
			continue
		}
		if first, dup := want[e.number]; dup {
			p.note(e, o.ivrs, "%s is already set on %s%s", quote(e.number), quote(o.ivrs[i].Name), firstOn(first))
			continue
		}
		want[e.number] = e.Line
		if !o.holds(i, e.number) {
			a := e
			a.Action = Add
			adds = append(adds, a)
		}
	}
	first := g.rows[0]
	var out []edit
	seen := map[string]bool{}
	for _, held := range o.ivrs[i].DNIS {
		k := canon(held)
		if _, keep := want[k]; keep || seen[k] {
			continue
		}
		seen[k] = true
		r := first
		r.Action, r.Number, r.number = Remove, held, k
		out = append(out, r)
	}
	out = append(out, adds...)
	if len(out) == 0 {
		p.note(first, o.ivrs, "%s already holds exactly the numbers its set rows name: nothing to change", quote(o.ivrs[i].Name))
	}
	return out
}
