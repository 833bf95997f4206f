//go:build js && wasm

package ui

import (
	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
)

type headerView struct {
	root   elem
	user   elem
	signIn *dom.HTMLButtonElement
}

func newHeaderView(u *UI) *headerView {
	h := &headerView{}
	h.user = el("span", attrs{"data-testid", "user-name", "class", "user", "hidden", ""})
	h.signIn = button("sign-in", "Sign in with Genesys Cloud", "class", "btn primary", "hidden", "")
	u.on(h.signIn, "click", func(dom.Event) { u.c.SignIn() })
	h.root = el("header", attrs{"class", "top"},
		el("h1", nil, icon("fa/phone-regular"), "Bulk phone numbers for IVRs"),
		el("div", attrs{"class", "who"}, h.user, h.signIn))
	return h
}

func (h *headerView) render(v app.View) {
	h.user.SetTextContent(v.User)
	setBool(h.user, "hidden", v.User == "")
	setBool(h.signIn, "hidden", v.Phase != app.PhaseSignedOut)
}
