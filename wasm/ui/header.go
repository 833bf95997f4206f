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
	intro   elem // the signed-out page: what the tool does, what it needs, sign-in
}

func newHeaderView(u *UI) *headerView {
	h := &headerView{}
	h.user = el("span", attrs{"data-testid", "user-name", "class", "user", "hidden", ""})
	h.org = el("span", attrs{"data-testid", "org-name", "class", "org", "hidden", ""})
	var signInWrap elem
	h.signIn, signInWrap = sparkButton("sign-in", "Sign in with Genesys Cloud", "primary")
	var signOutW elem
	h.signOut, signOutW = sparkButton("sign-out", "Sign out", "ghost", "hidden", "")
	u.on(h.signIn, "click", func(dom.Event) { u.c.SignIn() })
	u.on(h.signOut, "click", func(dom.Event) { u.c.SignOut() })
	// Lasting, unlike the notice: it stays for as long as config.json asks
	// for the implicit grant.
	h.warning = el("p", attrs{"data-testid", "grant-warning", "class", "notice bad", "role", "note", "hidden", ""})
	h.root = el("div", nil,
		el("header", attrs{"class", "top"},
			el("h1", nil, icon("fa/phone-regular"), "gcpace: bulk edits, paced for Genesys Cloud"),
			el("div", attrs{"class", "who"}, h.org, h.user, signOutW)),
		h.warning)
	h.intro = el("section", attrs{"class", "intro", "data-testid", "signed-out", "aria-labelledby", "intro-h", "hidden", ""},
		el("h2", attrs{"id", "intro-h"}, "Add, remove and move phone numbers on many IVRs at once"),
		el("p", nil, "Pick IVRs or load a CSV, check the preview, then apply: the changes are sent at the pace Genesys Cloud allows, and can be paused, cancelled or undone."),
		el("p", nil, "It needs a Genesys Cloud sign-in (OAuth) with the permissions ",
			el("code", nil, "routing:callRoute:view"), " and ", el("code", nil, "routing:callRoute:edit"), "."),
		el("div", attrs{"class", "row"}, signInWrap))
	return h
}

func (h *headerView) render(v app.View) {
	setTextIf(h.user, v.User)
	setBool(h.user, "hidden", v.User == "")
	setTextIf(h.org, v.Org)
	setBool(h.org, "hidden", v.Org == "" || v.User == "")
	setBool(h.intro, "hidden", v.Phase != app.PhaseSignedOut)
	signedIn := v.Phase == app.PhaseLoading || v.Phase == app.PhaseReady
	setBool(h.signOut, "hidden", !signedIn)
	setTextIf(h.warning, v.Warning)
	setBool(h.warning, "hidden", v.Warning == "")
}
