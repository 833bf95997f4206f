//go:build js && wasm

package ui

import (
	"fmt"

	"github.com/gcpace/gcpace/wasm/app"
)

// previewLine is one problem or note of a preview, whatever its kind.
type previewLine struct {
	line int
	msg  string
	warn bool // a note that warns about the result, not a no-op row
}

// previewLines lists a preview's problems, then its notes, the first
// listedProblems of each, the rest counted; then the legend of the chips
// when rows follow.
func previewLines(problems, notes []previewLine, rows bool) []node {
	var nodes []node
	for i, e := range problems {
		if i == listedProblems {
			nodes = append(nodes, el("div", attrs{"class", "problem more", "data-testid", "preview-more-problems"},
				fmt.Sprintf("…and %s not listed. Fix the ones above and preview again.", app.Count(len(problems)-i, "more problem", "more problems"))))
			break
		}
		nodes = append(nodes, el("div", attrs{"data-testid", "preview-error", "class", "problem"},
			icon("fa/triangle-exclamation-regular"), lineWords(e.line, e.msg)))
	}
	for i, n := range notes {
		if i == listedProblems {
			nodes = append(nodes, el("div", attrs{"class", "note more"},
				fmt.Sprintf("…and %s not listed.", app.Count(len(notes)-i, "more note", "more notes"))))
			break
		}
		if n.warn {
			nodes = append(nodes, el("div", attrs{"data-testid", "preview-warning", "class", "warn"},
				icon("fa/triangle-exclamation-regular"), lineWords(n.line, n.msg)))
			continue
		}
		nodes = append(nodes, el("div", attrs{"data-testid", "preview-note", "class", "note"}, lineWords(n.line, n.msg)))
	}
	if rows {
		nodes = append(nodes, el("p", attrs{"class", "legend small muted", "aria-hidden", "true"},
			el("span", attrs{"class", "num add"}, "added"), " ",
			el("span", attrs{"class", "num del"}, "removed"), " ",
			el("span", attrs{"class", "num kept"}, "kept")))
	}
	return nodes
}

// linesOf turns a kind's problems or notes into preview lines.
func linesOf[T any](xs []T, f func(T) previewLine) []previewLine {
	out := make([]previewLine, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}
