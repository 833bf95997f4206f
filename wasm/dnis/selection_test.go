package dnis

import (
	"reflect"
	"testing"
)

func TestSplitNumbers(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"commas", "+13175550100,+13175550101", []string{"+13175550100", "+13175550101"}},
		{"semicolons and lines", "+13175550100;\n+13175550101\r\n\n+13175550102", []string{"+13175550100", "+13175550101", "+13175550102"}},
		{"spaces between whole numbers", "+13175550100 +13175550101\t+13175550102", []string{"+13175550100", "+13175550101", "+13175550102"}},
		{"spaces inside a written number", "+1 (317) 555-0100, +44 20 7946 0958", []string{"+1 (317) 555-0100", "+44 20 7946 0958"}},
		{"tel uris", "tel:+13175550100 TEL:+13175550101", []string{"tel:+13175550100", "TEL:+13175550101"}},
		{"a run without + stays whole", "317 555 0100", []string{"317 555 0100"}},
		{"fragment before a number", "555-0100 +13175550101", []string{"555-0100", "+13175550101"}},
		{"empty", " \n , ; ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitNumbers(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("splitNumbers(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFromSelection(t *testing.T) {
	tests := []struct {
		name     string
		ids      []string
		numbers  string
		action   Action
		changes  []Change
		problems []wantProblem
	}{
		{
			name: "every number on every selected IVR, normalised, in order",
			ids:  []string{"a", "b"}, numbers: "+1 317 555 0100\n+13175550101", action: Remove,
			changes: []Change{
				{IVR: "a", Action: Remove, Number: "+13175550100"},
				{IVR: "a", Action: Remove, Number: "+13175550101"},
				{IVR: "b", Action: Remove, Number: "+13175550100"},
				{IVR: "b", Action: Remove, Number: "+13175550101"},
			},
		},
		{
			name: "a number typed twice is used once",
			ids:  []string{"a"}, numbers: "+13175550100, +1 (317) 555-0100", action: Add,
			changes: []Change{{IVR: "a", Action: Add, Number: "+13175550100"}},
		},
		{
			name: "a problem per bad number, naming it; good ones still used",
			ids:  []string{"a"}, numbers: "555-0100, +13175550100, +44 (0)20 7946 0958", action: Add,
			changes: []Change{{IVR: "a", Action: Add, Number: "+13175550100"}},
			problems: []wantProblem{
				{0, "“555-0100” is not a full phone number"},
				{0, "“+44 (0)20 7946 0958” has “(0)”"},
			},
		},
		{
			name: "two numbers run together with a space",
			ids:  []string{"a"}, numbers: "+13175550100 13175550101", action: Add,
			problems: []wantProblem{{0, "too long: it has 22 digits"}},
		},
		{
			name: "nothing selected",
			ids:  nil, numbers: "+13175550100", action: Add,
			problems: []wantProblem{{0, "no IVR is selected"}},
		},
		{
			name: "no numbers",
			ids:  []string{"a"}, numbers: " ,\n", action: Add,
			problems: []wantProblem{{0, "no number is given: type the numbers to add"}},
		},
		{
			name: "unknown action",
			ids:  []string{"a"}, numbers: "+13175550100", action: "replace",
			problems: []wantProblem{{0, "“replace” is not an action"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, problems := FromSelection(tt.ids, tt.numbers, tt.action)
			if !reflect.DeepEqual(changes, tt.changes) {
				t.Errorf("changes =\n %+v\nwant\n %+v", changes, tt.changes)
			}
			checkProblems(t, problems, tt.problems)
		})
	}
}
