//go:build js && wasm

package ui

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/internal/browser"
)

// confirmView is the one modal question the page asks (cancel a batch,
// start a big or emptying one): a native <dialog>, styled like Spark's
// modal, because showModal gives the focus trap, Esc and the inert page
// for free and works before (and without) Spark's scripts. Esc and the
// "no" button close it and do nothing; only confirm-yes acts.
type confirmView struct {
	root  elem
	title elem
	text  elem
	yes   *dom.HTMLButtonElement
	no    *dom.HTMLButtonElement
	act   func() // what confirm-yes does; nil once the dialog closed
	// behind is a long list that yes hides before the dialog closes (see
	// askOver); nil for none.
	behind elem
	// pending says yes was answered and its action has not run yet: a
	// render meanwhile keeps the list behind hidden (previewFrame.show).
	pending bool
	// from is what had the focus when the question was asked: "no" and
	// Esc give it back (see ask).
	from js.Value
}

func newConfirmView(u *UI) *confirmView {
	c := &confirmView{}
	c.title = el("h2", attrs{"id", "confirm-title"})
	c.text = el("p", attrs{"id", "confirm-text", "data-testid", "confirm-text"})
	var yesWrap, noWrap elem
	c.yes, yesWrap = sparkButton("confirm-yes", "", "danger")
	c.no, noWrap = sparkButton("confirm-no", "", "secondary")
	c.root = el("dialog", attrs{"class", "confirm", "data-testid", "confirm", "aria-labelledby", "confirm-title", "aria-describedby", "confirm-text"},
		c.title, c.text, el("div", attrs{"class", "row end"}, noWrap, yesWrap))
	u.on(c.yes, "click", func(dom.Event) {
		act := c.act
		if c.behind != nil {
			setBool(c.behind, "hidden", true)
		}
		c.from = js.Undefined() // what yes starts takes the page on
		c.close()
		if act == nil {
			return
		}
		// The answer runs in a task of its own, after the browser drew the
		// page without the dialog. The click is handled inside a frame:
		// closing the dialog restyles the page that was inert, the frame
		// paints it, and a batch's start (journal, first publish) on top of
		// that was one task of 100-200 ms (issue 14).
		c.pending = true
		go func() {
			browser.NextTask()
			c.pending = false
			act()
		}()
	})
	u.on(c.no, "click", func(dom.Event) { c.close() })
	// Esc closes the dialog natively; forget the action with it. Whatever
	// closed it other than yes gives the focus back to where it was.
	u.on(c.root, "close", func(dom.Event) {
		c.act = nil
		if from := c.from; from.Truthy() && from.Get("isConnected").Bool() {
			from.Call("focus")
		}
		c.from = js.Undefined()
	})
	return c
}

// ask shows the question; yes runs act, no (or Esc) does nothing. The safe
// answer has the focus, so an Enter typed by habit does not act.
func (c *confirmView) ask(title, text, yes, no string, act func()) {
	c.title.SetTextContent(title)
	c.text.SetTextContent(text)
	c.yes.SetTextContent(yes)
	c.no.SetTextContent(no)
	c.act = act
	c.behind = nil
	d := val(c.root)
	if !d.Get("open").Bool() {
		// The dialog is opened with nothing focused, so that closing it
		// does not focus anything itself: to find whether the element it
		// would give the focus back to can take it, Chromium restyles the
		// whole page (made live again by the close) inside close(). After
		// a yes that was 25-45 ms of the click's task, before a big
		// batch's start (issue 14); the next frame restyles it anyway. A
		// no gives the focus back itself (the close listener).
		c.from = js.Undefined()
		if a := jsDoc.Get("activeElement"); a.Truthy() && !a.Equal(jsDoc.Get("body")) {
			c.from = a
			a.Call("blur")
		}
		d.Call("showModal")
	}
	val(c.no).Call("focus")
}

// askOver is ask about the long list behind the dialog (a preview of
// thousands of rows) that yes makes leave the screen: yes hides it before
// the dialog closes. Closing a modal dialog makes the whole page live
// again, restyled in the same task; 5 000 preview rows made that one task
// of 100-300 ms (issue 14). Hidden first, they are out of it, and taking
// them away afterwards is cheap. Whoever draws the list shows it again
// (the hidden attribute) if it stays on screen after all.
func (c *confirmView) askOver(behind elem, title, text, yes, no string, act func()) {
	c.ask(title, text, yes, no, act)
	c.behind = behind
}

func (c *confirmView) close() {
	c.act = nil
	c.behind = nil
	if val(c.root).Get("open").Bool() {
		val(c.root).Call("close")
	}
}
