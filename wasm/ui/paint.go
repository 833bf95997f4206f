//go:build js && wasm

package ui

import (
	"math"
	"strconv"
)

// setTextIf sets e's text when it differs from what e shows. The page
// renders every view ten times a second while a batch runs; the same words
// set again still replace the text node, and the next frame then lays out
// and paints it again (issue 14). For elements holding only text.
func setTextIf(e elem, s string) {
	if e.TextContent() != s {
		e.SetTextContent(s)
	}
}

// setStyle sets one CSS property through the CSSOM (the page's CSP need
// not allow style attributes), when it changes.
func setStyle(e elem, name, value string) {
	st := e.Style()
	if st.GetPropertyValue(name) != value {
		st.SetProperty(name, value, "")
	}
}

// cssNum writes x rounded to prec decimals the way the CSSOM reads it back
// (no trailing zeros), so setStyle sees an unchanged value as unchanged.
func cssNum(x float64, prec int) string {
	p := math.Pow(10, float64(prec))
	return strconv.FormatFloat(math.Round(x*p)/p, 'f', -1, 64)
}
