package dnis

import (
	"reflect"
	"testing"
)

func TestUndoChanges(t *testing.T) {
	done := func(ivr string, a Action, number string) Result {
		return Result{IVRID: ivr, Action: a, Number: number, Outcome: OutcomeDone, Attempts: 1}
	}
	tests := []struct {
		name    string
		results []Result
		before  map[string][]string
		want    []Change
	}{
		{
			name:    "an add is removed, a remove is added back",
			results: []Result{done("a", Remove, n(1)), done("a", Add, n(10))},
			before:  map[string][]string{"a": {n(1), n(2)}},
			want:    []Change{{IVR: "a", Action: Add, Number: n(1)}, {IVR: "a", Action: Remove, Number: n(10)}},
		},
		{
			name: "failed and cancelled jobs did not land and are not undone",
			results: []Result{
				{IVRID: "a", Action: Add, Number: n(10), Outcome: "failed", Reason: "no such DID"},
				{IVRID: "a", Action: Remove, Number: n(1), Outcome: "cancelled"},
				done("c", Add, n(11)),
			},
			before: map[string][]string{"a": {n(1)}, "c": nil},
			want:   []Change{{IVR: "c", Action: Remove, Number: n(11)}},
		},
		{
			name:    "what the IVR held already before is not touched",
			results: []Result{done("a", Add, n(1)), done("a", Remove, n(99))},
			before:  map[string][]string{"a": {n(1)}},
			want:    nil,
		},
		{
			name:    "a move undoes as a move back",
			results: []Result{done("b", Remove, n(3)), done("c", Add, n(3))},
			before:  map[string][]string{"b": {n(3)}, "c": nil},
			want:    []Change{{IVR: "b", Action: Add, Number: n(3)}, {IVR: "c", Action: Remove, Number: n(3)}},
		},
		{
			name:    "a number listed twice is undone once",
			results: []Result{done("c", Add, n(11)), done("c", Add, "+1 317 555 0011")},
			before:  map[string][]string{},
			want:    []Change{{IVR: "c", Action: Remove, Number: n(11)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UndoChanges(tt.results, tt.before); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("UndoChanges =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}

// The undo of a batch, planned against the org as it is afterwards, brings
// back every number the batch changed and keeps what others did since.
func TestUndoPlannedRestores(t *testing.T) {
	org := testOrg()
	org[5].DNIS = []string{n(30)}
	changes := []Change{
		rm(2, "a", n(1)), add(3, "a", n(3)), // swap a <-> b
		rm(4, "b", n(3)), add(5, "b", n(1)),
		add(6, "c", n(40)), add(7, "c", n(41)), // someone removes n(41) afterwards
		add(8, "a", n(2)), // a note: already there
	}
	p := PlanChanges(org, changes)
	if len(p.Problems) > 0 {
		t.Fatalf("problems:\n%s", dumpProblems(p.Problems))
	}
	before := map[string][]string{}
	state := map[string][]string{}
	for _, v := range org {
		before[v.ID] = v.DNIS
		state[v.ID] = v.DNIS
	}
	var outcomes []JobOutcome
	for _, j := range p.Jobs {
		state[j.Intent.IVRID] = j.Intent.Apply(state[j.Intent.IVRID])
		outcomes = append(outcomes, JobOutcome{Intent: j.Intent, Outcome: OutcomeDone, Attempts: 1})
	}
	// Meanwhile someone else adds a number to a and removes c's n(41).
	state["a"] = append(state["a"], n(77))
	state["c"] = []string{n(40)}

	var now []IVR
	for _, v := range org {
		now = append(now, IVR{ID: v.ID, Name: v.Name, DNIS: state[v.ID]})
	}
	undo := PlanChanges(now, UndoChanges(ExpandResults(outcomes), before))
	if len(undo.Problems) > 0 {
		t.Fatalf("undo problems:\n%s", dumpProblems(undo.Problems))
	}
	checkNotes(t, undo.Notes, []wantNote{{0, "“" + n(41) + "” is not on “Charlie”: nothing to remove"}})
	checkJobsReachPreview(t, now, undo)
	for _, j := range undo.Jobs {
		state[j.Intent.IVRID] = j.Intent.Apply(state[j.Intent.IVRID])
	}
	want := map[string][]string{
		"a": {n(2), n(77), n(1)}, // others' n(77) survives; n(1) comes back at the end
		"b": {n(3)},
		"c": nil,
	}
	for id, w := range want {
		if !sameSet(state[id], w) {
			t.Errorf("after undo %s holds %q, want %q", id, state[id], w)
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	return (Intent{Add: a}).Satisfied(b) && (Intent{Add: b}).Satisfied(a)
}
