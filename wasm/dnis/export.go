package dnis

import (
	"encoding/csv"
	"io"
	"strings"
)

// Labels names IVRs in exports (CONTRACT.md §4): by name when loading the
// file back finds exactly that IVR by that name, else by id. A name is not
// used when another IVR shares it, when it is another IVR's id (ids are
// matched first), when spaces around it would be trimmed away, or when a
// spreadsheet would run it as a formula (its guarded form would no longer
// match): the id always finds the IVR.
type Labels struct {
	names map[string]int  // name → IVRs bearing it
	ids   map[string]bool // every id
	byID  map[string]string
}

// NewLabels indexes the org the export will be loaded back into.
func NewLabels(ivrs []IVR) Labels {
	l := Labels{names: map[string]int{}, ids: map[string]bool{}, byID: map[string]string{}}
	for _, v := range ivrs {
		l.names[v.Name]++
		l.ids[v.ID] = true
		l.byID[v.ID] = v.Name
	}
	return l
}

// Of is the ivr cell for the IVR with this id, last known by name.
func (l Labels) Of(id, name string) string {
	if cur, ok := l.byID[id]; ok {
		name = cur
	} else if l.byID != nil {
		return id // gone from the org: only its id can be matched (and reported)
	}
	if name == "" || l.names[name] > 1 || (l.ids[name] && name != id) ||
		strings.TrimSpace(name) != name || neutralise(name) != name {
		return id
	}
	return name
}

// WriteMappingCSV writes the numbers the IVRs hold now as set rows
// (CONTRACT.md §4, export-mapping): one row per number, one row with an
// empty number for an IVR that has none, IVRs in the order given. ids picks
// the IVRs (every IVR when empty). Loaded back unchanged it plans nothing.
func WriteMappingCSV(w io.Writer, ivrs []IVR, ids []string) error {
	labels := NewLabels(ivrs)
	pick := map[string]bool{}
	for _, id := range ids {
		pick[id] = true
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	for _, v := range ivrs {
		if len(pick) > 0 && !pick[v.ID] {
			continue
		}
		ivr := labels.Of(v.ID, v.Name)
		if len(v.DNIS) == 0 {
			if err := cw.Write([]string{ivr, string(Set), ""}); err != nil {
				return err
			}
		}
		for _, n := range v.DNIS {
			// The E.164 form: "+1 (317) 555-0100" as held would be guarded
			// as a formula (it starts with +) and not load back.
			if err := cw.Write([]string{ivr, string(Set), numberCell(canon(n))}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// numberCell writes a number for a spreadsheet: a valid E.164 number as it
// is ("+" and digits name no function, cell or link), anything else guarded.
func numberCell(s string) string {
	if n, err := Normalize(s); err != nil || n != s {
		return neutralise(s)
	}
	return s
}

// RerunChanges returns the rows of a batch that did not land (failed or
// cancelled jobs, or jobs a stopped batch never finished), by IVR id and in
// the batch's order, to be planned again like any input: what someone else
// did meanwhile becomes notes and problems there.
func RerunChanges(results []Result) []Change {
	var out []Change
	for _, r := range results {
		if r.Outcome == OutcomeDone {
			continue
		}
		out = append(out, Change{IVR: r.IVRID, Action: r.Action, Number: r.Number})
	}
	return out
}
