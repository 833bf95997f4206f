//go:build js && wasm

package ui

import (
	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
)

type headerView struct {
	root    elem
	user    elem
	org     elem
	signIn  *dom.HTMLButtonElement
	signOut *dom.HTMLButtonElement
	warning elem
}

func newHeaderView(u *UI) *headerView {
	h := &headerView{}
	h.user = el("span", attrs{"data-testid", "user-name", "class", "user", "hidden", ""})
	h.org = el("span", attrs{"data-testid", "org-name", "class", "org", "hidden", ""})
	h.signIn = button("sign-in", "Sign in with Genesys Cloud", "class", "btn primary", "hidden", "")
	h.signOut = button("sign-out", "Sign out", "hidden", "")
	u.on(h.signIn, "click", func(dom.Event) { u.c.SignIn() })
	u.on(h.signOut, "click", func(dom.Event) { u.c.SignOut() })
	// Lasting, unlike the notice: it stays for as long as config.json asks
	// for the implicit grant.
	h.warning = el("p", attrs{"data-testid", "grant-warning", "class", "notice bad", "role", "note", "hidden", ""})
	h.root = el("div", nil,
		el("header", attrs{"class", "top"},
			el("h1", nil, icon("fa/phone-regular"), "Bulk phone numbers for IVRs"),
			el("div", attrs{"class", "who"}, h.org, h.user, h.signIn, h.signOut)),
		h.warning)
	return h
}

func (h *headerView) render(v app.View) {
	h.user.SetTextContent(v.User)
	setBool(h.user, "hidden", v.User == "")
	h.org.SetTextContent(v.Org)
	setBool(h.org, "hidden", v.Org == "" || v.User == "")
	setBool(h.signIn, "hidden", v.Phase != app.PhaseSignedOut)
	signedIn := v.Phase == app.PhaseLoading || v.Phase == app.PhaseReady
	setBool(h.signOut, "hidden", !signedIn)
	h.warning.SetTextContent(v.Warning)
	setBool(h.warning, "hidden", v.Warning == "")
}
