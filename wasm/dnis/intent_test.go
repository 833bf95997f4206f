package dnis

import (
	"reflect"
	"slices"
	"testing"
)

func TestIntent(t *testing.T) {
	const a, b, c, d = "+13175550100", "+13175550101", "+13175550102", "+13175550103"
	tests := []struct {
		name      string
		intent    Intent
		dnis      []string
		apply     []string
		satisfied bool // of dnis as given
	}{
		{"add to empty", Intent{Add: []string{a}}, nil, []string{a}, false},
		{"add keeps order, appends", Intent{Add: []string{c}}, []string{b, a}, []string{b, a, c}, false},
		{"add already held", Intent{Add: []string{a}}, []string{a, b}, []string{a, b}, true},
		{"add held in another spelling", Intent{Add: []string{a}}, []string{"+1 317 555 0100"}, []string{"+1 317 555 0100"}, true},
		{"remove", Intent{Remove: []string{a}}, []string{b, a, c}, []string{b, c}, false},
		{"remove absent", Intent{Remove: []string{d}}, []string{a}, []string{a}, true},
		{"remove held in another spelling", Intent{Remove: []string{a}}, []string{"+1-317-555-0100", b}, []string{b}, false},
		{"add and remove", Intent{Add: []string{c, d}, Remove: []string{a}}, []string{a, b}, []string{b, c, d}, false},
		{"duplicates in the IVR are dropped", Intent{Add: []string{c}}, []string{a, b, a}, []string{a, b, c}, false},
		{"duplicates in the intent are added once", Intent{Add: []string{c, c}}, []string{a}, []string{a, c}, false},
		{"others' numbers survive", Intent{Remove: []string{a}}, []string{a, d}, []string{d}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := slices.Clone(tt.dnis)
			got := tt.intent.Apply(tt.dnis)
			if !reflect.DeepEqual(got, tt.apply) && !(len(got) == 0 && len(tt.apply) == 0) {
				t.Errorf("Apply(%q) = %q, want %q", tt.dnis, got, tt.apply)
			}
			if !slices.Equal(tt.dnis, orig) {
				t.Errorf("Apply modified its argument: %q, was %q", tt.dnis, orig)
			}
			if s := tt.intent.Satisfied(tt.dnis); s != tt.satisfied {
				t.Errorf("Satisfied(%q) = %v, want %v", tt.dnis, s, tt.satisfied)
			}
			if !tt.intent.Satisfied(got) {
				t.Errorf("Satisfied(Apply(…)) = false, want true")
			}
			if again := tt.intent.Apply(got); !slices.Equal(again, got) {
				t.Errorf("Apply is not idempotent: %q then %q", got, again)
			}
		})
	}
}

func TestIntentInverse(t *testing.T) {
	const a, b, c, other = "+13175550100", "+13175550101", "+13175550102", "+13175550199"
	tests := []struct {
		name   string
		intent Intent
		before []string
		want   Intent
	}{
		{"undo an add", Intent{IVRID: "x", Add: []string{c}}, []string{a}, Intent{IVRID: "x", Remove: []string{c}}},
		{"undo a remove", Intent{IVRID: "x", Remove: []string{a}}, []string{a, b}, Intent{IVRID: "x", Add: []string{a}}},
		{"an add that changed nothing is not undone", Intent{IVRID: "x", Add: []string{a}}, []string{a}, Intent{IVRID: "x"}},
		{"a remove that changed nothing is not undone", Intent{IVRID: "x", Remove: []string{c}}, []string{a}, Intent{IVRID: "x"}},
		{"both", Intent{IVRID: "x", Add: []string{c}, Remove: []string{a}}, []string{a, b}, Intent{IVRID: "x", Add: []string{a}, Remove: []string{c}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := tt.intent.Inverse(tt.before)
			if !reflect.DeepEqual(inv, tt.want) {
				t.Fatalf("Inverse = %+v, want %+v", inv, tt.want)
			}
			// Round trip, with a number someone else added in between:
			// the IVR gets its numbers back and keeps theirs.
			after := append(tt.intent.Apply(tt.before), other)
			restored := inv.Apply(after)
			want := append(slices.Clone(tt.before), other)
			slices.Sort(restored)
			slices.Sort(want)
			if !slices.Equal(restored, want) {
				t.Errorf("Inverse(…).Apply(Apply(before)+other) = %q, want %q", restored, want)
			}
		})
	}
}
