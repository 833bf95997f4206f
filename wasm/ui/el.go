//go:build js && wasm

// Package ui renders the app's View into the page with honnef.co/go/js/dom/v2.
// Every server string is set as text, never as HTML.
package ui

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

var (
	doc   = dom.GetWindow().Document()
	jsDoc = js.Global().Get("document")
)

// elem is the one element type the views hold. Calling methods on this
// concrete type, never through the dom package's Element or Node
// interfaces, lets the linker drop those methods' wrappers on the sixty-odd
// element types that implement them: about a third of the wasm module.
type elem = *dom.BasicHTMLElement

// node is anything that can be a child: an elem, a typed element, text.
// It is resolved by a type switch (val), not an interface method, for the
// same reason as elem.
type node = any

// val is the JS value behind a node.
func val(n node) js.Value {
	switch n := n.(type) {
	case elem:
		return n.Value
	case *dom.HTMLButtonElement:
		return n.BasicNode.Value
	case *dom.HTMLInputElement:
		return n.BasicNode.Value
	case *dom.HTMLTextAreaElement:
		return n.BasicNode.Value
	case *dom.Text:
		return n.Value
	}
	panic("ui: not a node")
}

// attrs is a list of name, value pairs, kept in order for readability at call sites.
type attrs []string

// el creates an element with attributes and children (nodes or strings,
// strings becoming text nodes so no markup is ever parsed).
func el(tag string, a attrs, children ...any) elem {
	v := jsDoc.Call("createElement", tag)
	for i := 0; i+1 < len(a); i += 2 {
		v.Call("setAttribute", a[i], a[i+1])
	}
	e := wrap(v)
	appendAll(e, children...)
	return e
}

// wrap is the elem of an element made elsewhere (build, the page).
func wrap(v js.Value) elem {
	return &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: v}}}
}

func input(a attrs) *dom.HTMLInputElement {
	return &dom.HTMLInputElement{BasicHTMLElement: el("input", a)}
}

func textarea(a attrs) *dom.HTMLTextAreaElement {
	return &dom.HTMLTextAreaElement{BasicHTMLElement: el("textarea", a)}
}

func appendAll(parent node, children ...any) {
	p := val(parent)
	for _, c := range children {
		switch c := c.(type) {
		case nil:
		case string:
			p.Call("append", c) // a string is appended as a text node
		case []node:
			for _, n := range c {
				p.Call("appendChild", val(n))
			}
		default:
			p.Call("appendChild", val(c))
		}
	}
}

// clear removes every child of n.
func clear(n node) { val(n).Set("textContent", "") }

// replace swaps n's children for the given ones in one go.
func replace(n node, children ...any) {
	clear(n)
	appendAll(n, children...)
}

// setBool sets or removes a boolean attribute such as disabled or hidden.
// It writes only a change: the page renders ten times a second in a batch,
// and setting hidden again as it was still restyles the element (and, for
// a rule with :has(), its ancestors) in the next frame (issue 14).
func setBool(e node, name string, on bool) {
	v := val(e)
	if v.Call("hasAttribute", name).Bool() == on {
		return
	}
	if on {
		v.Call("setAttribute", name, "")
	} else {
		v.Call("removeAttribute", name)
	}
}

// setClass adds or removes one class (classList.toggle writes only a change).
func setClass(e node, name string, on bool) {
	val(e).Get("classList").Call("toggle", name, on)
}

func button(testid, label string, extra ...string) *dom.HTMLButtonElement {
	a := attrs{"type", "button", "data-testid", testid, "class", "btn"}
	a = append(a, extra...)
	return &dom.HTMLButtonElement{BasicHTMLElement: el("button", a, label)}
}

// icon is a decorative Spark icon (gux-icon, served from vendor/spark), the
// same glyphs Genesys Cloud itself shows. Decorative: the words beside it
// carry the meaning for screen readers.
func icon(name string) elem {
	return el("gux-icon", attrs{"icon-name", name, "decorative", "", "class", "icon"})
}

// sparkButton makes a native button styled by Spark's gux-button-slot and
// returns the button and the wrapper to put in the page. The data-testid,
// click(), disabled and focus all stay on the <button> itself; Spark only
// draws it (accent: "primary", "secondary", "tertiary", "danger", "ghost").
func sparkButton(testid, label, accent string, extra ...string) (*dom.HTMLButtonElement, elem) {
	a := append(attrs{"type", "button", "data-testid", testid}, extra...)
	b := &dom.HTMLButtonElement{BasicHTMLElement: el("button", a, label)}
	return b, el("gux-button-slot", attrs{"accent", accent}, b)
}

// sparkCheckboxSp describes a native checkbox and its label (text or
// elements) in Spark's gux-form-field-checkbox. The checkbox keeps its
// attributes (data-testid, checked); clicking the label ticks it, as a
// <label> does. The label is tied to the box by id here, not left to Spark,
// so that it works before Spark has loaded (or without it, as in ui's tests).
func sparkCheckboxSp(box sp, id string, label ...any) sp {
	box.a = append(box.a[:len(box.a):len(box.a)], "slot", "input", "id", id)
	return h("gux-form-field-checkbox", nil, box, h("label", attrs{"slot", "label", "for", id}, label...))
}

// sparkSearch wraps a native search input in Spark's gux-form-field-search,
// with a label that only screen readers read (the placeholder says it too).
func sparkSearch(in *dom.HTMLInputElement, label string) elem {
	setAttr(in, "slot", "input")
	return el("gux-form-field-search", attrs{"label-position", "screenreader"},
		in, el("label", attrs{"slot", "label"}, label))
}

// setAttr sets one attribute of a node, when it changes (see setBool).
func setAttr(n node, name, value string) {
	v := val(n)
	if a := v.Call("getAttribute", name); a.Type() == js.TypeString && a.String() == value {
		return
	}
	v.Call("setAttribute", name, value)
}

// sp describes an element rather than making it: a tag, attributes and
// children (sp, []sp or strings, strings being text). build makes a list
// of them in the page in one crossing into JavaScript (boot.js's
// __gcpaceBuild), where el makes each element, attribute and text through
// a crossing of its own, each leaving a js.Value with a finalizer behind.
// Thousands of preview and job rows made with el left a quarter of a
// million of them for Go's collector to queue and run: most of a running
// batch's long tasks (issue 14). Like el, it parses no markup: the strings
// travel as JSON and are set as text and attribute values.
type sp struct {
	tag  string
	a    attrs
	kids []any
}

func h(tag string, a attrs, kids ...any) sp { return sp{tag, a, kids} }

// iconSp is icon, described.
func iconSp(name string) sp {
	return h("gux-icon", attrs{"icon-name", name, "decorative", "", "class", "icon"})
}

// jsBuild is boot.js's __gcpaceBuild(parent, json, replace); undefined
// where the page was not started by boot.js (wasmtest), where build makes
// the elements one by one with el.
var jsBuild = js.Global().Get("__gcpaceBuild")

// build appends the described elements (sp, []sp, or strings: text) to
// parent, or replaces its children with them.
func build(parent node, replace bool, kids ...any) {
	if jsBuild.Type() != js.TypeFunction {
		made := (sp{kids: kids}).made()
		if replace {
			clear(parent)
		}
		appendAll(parent, made...)
		return
	}
	jsBuild.Invoke(val(parent), string(describe(kids)), replace)
}

// describe is the JSON list __gcpaceBuild reads: each child, as appendKids
// writes it.
func describe(kids []any) []byte {
	b := appendKids(make([]byte, 0, 1024), kids)
	if len(b) == 0 {
		b = append(b, '[')
	}
	b[0] = '[' // the first child's comma opens the list
	return append(b, ']')
}

// made is el of what s's children describe.
func (s sp) made() []any {
	var kids []any
	for _, k := range s.kids {
		switch k := k.(type) {
		case sp:
			kids = append(kids, el(k.tag, k.a, k.made()...))
		case []sp:
			for _, x := range k {
				kids = append(kids, el(x.tag, x.a, x.made()...))
			}
		default:
			kids = append(kids, k)
		}
	}
	return kids
}

// appendJSON writes s as ["tag", [name, value, …], child…].
func (s sp) appendJSON(b []byte) []byte {
	b = append(b, '[')
	b = appendJSONString(b, s.tag)
	b = append(b, ",["...)
	for i, x := range s.a {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, x)
	}
	b = append(b, ']')
	return append(appendKids(b, s.kids), ']')
}

// appendKids writes each child, each after a comma.
func appendKids(b []byte, kids []any) []byte {
	for _, k := range kids {
		switch k := k.(type) {
		case nil:
		case string:
			b = appendJSONString(append(b, ','), k)
		case sp:
			b = k.appendJSON(append(b, ','))
		case []sp:
			for _, x := range k {
				b = x.appendJSON(append(b, ','))
			}
		default:
			panic("ui: not a child of a described element")
		}
	}
	return b
}

// appendJSONString quotes s for JSON.parse. Bytes that are not UTF-8 pass
// as they are: Go's strings reach JavaScript through a UTF-8 decoder, which
// makes each one U+FFFD, as it does for any string el sets.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
