package app

import (
	"strings"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// KindID names one kind of bulk edit the page offers.
type KindID string

const (
	KindIVRNumbers     KindID = "ivr-numbers"
	KindScheduleGroups KindID = "schedule-groups"
)

// Access is what the signed-in person may do with one kind of edit.
type Access int

const (
	Hidden   Access = iota // may not even view: the kind is not offered
	ReadOnly               // may list, not change: no input, no apply
	Edit                   // may list and change
)

// KindOffer is one kind of edit as offered to the signed-in person.
type KindOffer struct {
	Kind   KindID
	Label  string // the switch's words: "IVR numbers"
	Access Access
	// Why says, when Access is ReadOnly, which permission is missing, in
	// words: "View only: you lack the permission architect:scheduleGroup:edit".
	Why string
}

// kindNeeds is what each kind needs, as Genesys names the permissions: view
// to list it, edit to change it.
var kindNeeds = []struct {
	kind  KindID
	label string
	view  []string
	edit  []string
}{
	{KindIVRNumbers, "IVR numbers", []string{genesys.PermIVRView}, []string{genesys.PermIVREdit}},
	// The schedules are listed to name them and to choose one; without
	// schedule view the groups could be listed but not changed.
	{KindScheduleGroups, "Schedule groups", []string{genesys.PermGroupView}, []string{genesys.PermGroupEdit, genesys.PermScheduleView}},
}

// Offers says which kinds of edit the person holding perms may use, in the
// switch's order; hidden kinds are left out. nil perms means the API did
// not say (an answer without authorization): every kind is offered for
// edit, as before permissions were read, and Genesys's own 403 is the word.
func Offers(perms *genesys.Permissions) []KindOffer {
	var out []KindOffer
	for _, k := range kindNeeds {
		o := KindOffer{Kind: k.kind, Label: k.label, Access: Edit}
		if perms != nil {
			if miss := missing(*perms, k.view); len(miss) > 0 {
				continue
			}
			if miss := missing(*perms, k.edit); len(miss) > 0 {
				o.Access = ReadOnly
				o.Why = "View only: you lack the " + permissionWords(miss) + "."
			}
		}
		out = append(out, o)
	}
	return out
}

func missing(p genesys.Permissions, want []string) []string {
	var out []string
	for _, w := range want {
		if !p.Has(w) {
			out = append(out, w)
		}
	}
	return out
}

// permissionWords names permissions in a sentence: "permission a" or
// "permissions a and b".
func permissionWords(ps []string) string {
	if len(ps) == 1 {
		return "permission " + ps[0]
	}
	return "permissions " + strings.Join(ps[:len(ps)-1], ", ") + " and " + ps[len(ps)-1]
}

// noKindWords is the notice for a person who may view no kind at all.
const noKindWords = "Your Genesys Cloud role lets you view neither IVRs nor schedule groups: ask an admin for the permission " +
	genesys.PermIVRView + " or " + genesys.PermGroupView + "."

// Offer returns the view's offer of kind k (Access Hidden when it has none).
func (v View) Offer(k KindID) KindOffer {
	for _, o := range v.Kinds {
		if o.Kind == k {
			return o
		}
	}
	return KindOffer{Kind: k, Access: Hidden}
}

// MayEdit reports whether the person may change kind k.
func (v View) MayEdit(k KindID) bool { return v.Offer(k).Access == Edit }

// kindKey is where the tab remembers the kind shown, so a reload keeps it.
const kindKey = "gcpace.kind"

// chooseKind picks the kind to show among offers: the one this tab showed
// last when it is still offered, else the first.
func chooseKind(offers []KindOffer, saved KindID) KindID {
	for _, o := range offers {
		if o.Kind == saved {
			return saved
		}
	}
	if len(offers) > 0 {
		return offers[0].Kind
	}
	return ""
}

// setKinds records what the signed-in person may do and which kind the page
// shows; it starts listing the schedule groups when that is the kind shown.
func (a *App) setKinds(u genesys.User) {
	offers := Offers(u.Permissions)
	saved, _ := a.d.Session.Get(kindKey)
	kind := chooseKind(offers, KindID(saved))
	a.update(func(v *View) {
		v.Kinds, v.Kind = offers, kind
		if len(offers) == 0 {
			v.Notice, v.NoticeBad = noKindWords, true
		}
	})
	if kind == KindScheduleGroups {
		go a.loadGroups()
	}
}

// ShowKind switches the page to kind k, if it is offered. The schedule
// groups are listed the first time they are shown, so that a person who
// only edits IVR numbers never waits for them.
func (a *App) ShowKind(k KindID) {
	var ok bool
	a.update(func(v *View) {
		if v.Offer(k).Access == Hidden {
			return
		}
		ok, v.Kind = true, k
	})
	if !ok {
		return
	}
	_ = a.d.Session.Set(kindKey, string(k)) // a full store only forgets the choice
	if k == KindScheduleGroups {
		go a.loadGroups()
	}
}

// loadIVRsIfOffered lists the IVRs unless the person may not view them (no
// request that can only answer 403).
func (a *App) loadIVRsIfOffered() error {
	if a.View().Offer(KindIVRNumbers).Access == Hidden {
		return nil
	}
	return a.loadIVRs()
}
