package dnis

import (
	"fmt"
	"strings"
	"testing"
)

// wantProblem matches a Problem by line and a part of its message.
type wantProblem struct {
	line     int
	contains string
}

func checkProblems(t *testing.T, got []Problem, want []wantProblem) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), dumpProblems(got))
		return
	}
	for i, w := range want {
		g := got[i]
		if g.Line != w.line || !strings.Contains(g.Message, w.contains) {
			t.Errorf("problem %d = line %d %q\nwant line %d containing %q", i, g.Line, g.Message, w.line, w.contains)
		}
	}
}

func dumpProblems(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  line %d: %s\n", p.Line, p.Message)
	}
	return b.String()
}

type wantNote = wantProblem

func checkNotes(t *testing.T, got []Note, want []wantNote) {
	t.Helper()
	ps := make([]Problem, len(got))
	for i, n := range got {
		ps[i] = Problem{Line: n.Line, Message: n.Message}
	}
	if len(got) != len(want) {
		t.Errorf("got %d notes, want %d:\n%s", len(got), len(want), dumpProblems(ps))
		return
	}
	for i, w := range want {
		if ps[i].Line != w.line || !strings.Contains(ps[i].Message, w.contains) {
			t.Errorf("note %d = line %d %q\nwant line %d containing %q", i, ps[i].Line, ps[i].Message, w.line, w.contains)
		}
	}
}
