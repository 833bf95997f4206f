//go:build js && wasm

// Package ui renders the app's View into the page with honnef.co/go/js/dom/v2.
// Every server string is set as text, never as HTML.
package ui

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

var doc = dom.GetWindow().Document()

// attrs is a list of name, value pairs, kept in order for readability at call sites.
type attrs []string

// el creates an element with attributes and children (Nodes or strings,
// strings becoming text nodes so no markup is ever parsed).
func el(tag string, a attrs, children ...any) dom.HTMLElement {
	e := wrap(tag, doc.Underlying().Call("createElement", tag))
	for i := 0; i+1 < len(a); i += 2 {
		e.SetAttribute(a[i], a[i+1])
	}
	appendAll(e, children...)
	return e
}

func appendAll(parent dom.Node, children ...any) {
	for _, c := range children {
		switch c := c.(type) {
		case nil:
		case string:
			parent.AppendChild(doc.CreateTextNode(c))
		case dom.Node:
			parent.AppendChild(c)
		case []dom.Node:
			for _, n := range c {
				parent.AppendChild(n)
			}
		}
	}
}

// clear removes every child of n.
func clear(n dom.Node) {
	for n.FirstChild() != nil {
		n.RemoveChild(n.FirstChild())
	}
}

// replace swaps n's children for the given ones in one go.
func replace(n dom.Node, children ...any) {
	clear(n)
	appendAll(n, children...)
}

// setBool sets or removes a boolean attribute such as disabled or hidden.
func setBool(e dom.Element, name string, on bool) {
	if on {
		e.SetAttribute(name, "")
	} else {
		e.RemoveAttribute(name)
	}
}

func button(testid, label string, extra ...string) *dom.HTMLButtonElement {
	a := attrs{"type", "button", "data-testid", testid, "class", "btn"}
	a = append(a, extra...)
	return el("button", a, label).(*dom.HTMLButtonElement)
}

// setClass adds or removes one class.
func setClass(e dom.Element, name string, on bool) {
	if on != e.Class().Contains(name) {
		e.Class().Toggle(name)
	}
}

// wrap gives a new element its typed wrapper directly. The dom package's own
// wrapping asks the browser for the element's constructor and compares it
// with some sixty HTML*Element globals, each a call out of wasm; for the
// thousands of elements of a long list that was most of a render.
func wrap(tag string, v js.Value) dom.HTMLElement {
	base := &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: v}}}
	switch tag {
	case "input":
		return &dom.HTMLInputElement{BasicHTMLElement: base}
	case "textarea":
		return &dom.HTMLTextAreaElement{BasicHTMLElement: base}
	case "button":
		return &dom.HTMLButtonElement{BasicHTMLElement: base}
	}
	return base
}
