package dnis

import (
	"strings"
	"unicode"
)

// FromSelection turns the numbers box applied to the selected IVRs into
// changes: every number in the box, for every selected IVR (by id), in the
// order given. Each number that cannot be used gives a Problem naming it
// (Line 0) and makes no Change; a number typed twice is used once.
//
// Numbers are separated by commas, semicolons or line breaks, and by spaces
// where the next number starts with + or tel: — spaces inside one written
// number ("+1 317 555 0100") are kept with it. See splitNumbers.
func FromSelection(ivrIDs []string, numbers string, a Action) ([]Change, []Problem) {
	if a != Add && a != Remove {
		return nil, []Problem{{Message: quote(string(a)) + " is not an action: use add or remove"}}
	}
	var problems []Problem
	if len(ivrIDs) == 0 {
		problems = append(problems, Problem{Message: "no IVR is selected: select the IVRs to change first"})
	}
	var valid []string
	seen := map[string]bool{}
	written := splitNumbers(numbers)
	for _, raw := range written {
		n, err := Normalize(raw)
		if err != nil {
			problems = append(problems, Problem{Message: err.Error()})
			continue
		}
		if !seen[n] {
			seen[n] = true
			valid = append(valid, n)
		}
	}
	if len(written) == 0 {
		problems = append(problems, Problem{Message: "no number is given: type the numbers to " + string(a)})
	}
	var changes []Change
	for _, id := range ivrIDs {
		for _, n := range valid {
			changes = append(changes, Change{IVR: id, Action: a, Number: n})
		}
	}
	return changes, problems
}

// splitNumbers cuts the numbers box into written numbers. Commas, semicolons
// and line breaks always separate. Within a line, whitespace separates only
// before a token that starts a number (+ or tel:); other tokens belong to the
// number before them, so "+1 (317) 555-0100" stays whole, and a run without
// any + ("317 555 0100") is reported once as a whole rather than as three
// meaningless fragments.
func splitNumbers(box string) []string {
	var out []string
	for _, piece := range strings.FieldsFunc(box, func(r rune) bool {
		return r == ',' || r == ';' || r == '\n' || r == '\r'
	}) {
		var cur []string
		flush := func() {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
				cur = nil
			}
		}
		for _, tok := range strings.FieldsFunc(piece, unicode.IsSpace) {
			if startsNumber(tok) {
				flush()
			}
			cur = append(cur, tok)
		}
		flush()
	}
	return out
}

func startsNumber(tok string) bool {
	return strings.HasPrefix(tok, "+") || strings.HasPrefix(tok, "(+") ||
		len(tok) >= 4 && strings.EqualFold(tok[:4], "tel:")
}
