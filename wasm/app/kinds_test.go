package app

import (
	"reflect"
	"testing"

	"github.com/gcpace/gcpace/wasm/genesys"
)

func perms(ps ...string) *genesys.Permissions {
	p := genesys.Permissions(ps)
	return &p
}

// Offers gives each kind Edit, ReadOnly with the missing permission named,
// or leaves it out, from the permissions users/me lists.
func TestOffers(t *testing.T) {
	const (
		ivrView, ivrEdit     = genesys.PermIVRView, genesys.PermIVREdit
		groupView, groupEdit = genesys.PermGroupView, genesys.PermGroupEdit
		schedView            = genesys.PermScheduleView
	)
	ivr := func(a Access, why string) KindOffer {
		return KindOffer{Kind: KindIVRNumbers, Label: "IVR numbers", Access: a, Why: why}
	}
	groups := func(a Access, why string) KindOffer {
		return KindOffer{Kind: KindScheduleGroups, Label: "Schedule groups", Access: a, Why: why}
	}
	for _, tt := range []struct {
		name  string
		perms *genesys.Permissions
		want  []KindOffer
	}{
		{"admin wildcards", perms("architect:*:*", "routing:*:*"), []KindOffer{ivr(Edit, ""), groups(Edit, "")}},
		{"everything spelled out", perms(ivrView, ivrEdit, groupView, groupEdit, schedView), []KindOffer{ivr(Edit, ""), groups(Edit, "")}},
		{"IVR editor", perms(ivrView, ivrEdit, groupView, schedView), []KindOffer{
			ivr(Edit, ""), groups(ReadOnly, "View only: you lack the permission architect:scheduleGroup:edit.")}},
		{"viewer", perms(ivrView, groupView, schedView), []KindOffer{
			ivr(ReadOnly, "View only: you lack the permission routing:callRoute:edit."),
			groups(ReadOnly, "View only: you lack the permission architect:scheduleGroup:edit.")}},
		{"groups editor who cannot list schedules", perms(groupView, groupEdit), []KindOffer{
			groups(ReadOnly, "View only: you lack the permission architect:schedule:view.")}},
		{"group viewer only", perms(groupView), []KindOffer{
			groups(ReadOnly, "View only: you lack the permissions architect:scheduleGroup:edit and architect:schedule:view.")}},
		{"edit without view is nothing", perms(ivrEdit, groupEdit, schedView), nil},
		{"an agent with no Architect role", perms("conversation:call:add"), nil},
		{"an empty list", perms(), nil},
		{"the API said nothing: as before permissions were read", nil, []KindOffer{ivr(Edit, ""), groups(Edit, "")}},
	} {
		if got := Offers(tt.perms); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Offers = %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

// The kind a tab showed last is shown again while it is offered.
func TestChooseKind(t *testing.T) {
	both := Offers(nil)
	groupsOnly := Offers(perms(genesys.PermGroupView))
	for _, tt := range []struct {
		offers []KindOffer
		saved  KindID
		want   KindID
	}{
		{both, "", KindIVRNumbers},
		{both, KindScheduleGroups, KindScheduleGroups},
		{both, "no-such-kind", KindIVRNumbers},
		{groupsOnly, KindIVRNumbers, KindScheduleGroups},
		{nil, KindIVRNumbers, ""},
	} {
		if got := chooseKind(tt.offers, tt.saved); got != tt.want {
			t.Errorf("chooseKind(%v, %q) = %q, want %q", tt.offers, tt.saved, got, tt.want)
		}
	}
}
