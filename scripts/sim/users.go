package sim

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
)

// People who may sign in to the sample org, each with the permissions of a
// typical Genesys role. The login signs in the admin unless the authorize URL
// carries login_hint naming another (by key or email), or Options.ChooseUser
// asks the login to show a chooser.
const (
	UserAdmin     = "admin"      // every Architect and routing permission (wildcards, as an admin role grants)
	UserIVREditor = "ivr-editor" // may edit IVRs; may only view schedules and schedule groups
	UserViewer    = "viewer"     // an agent who may only view
)

// Permissions the API checks, as Genesys names them.
const (
	PermIVRView        = "routing:callRoute:view"
	PermIVREdit        = "routing:callRoute:edit"
	PermGroupView      = "architect:scheduleGroup:view"
	PermGroupEdit      = "architect:scheduleGroup:edit"
	PermScheduleView   = "architect:schedule:view"
	PermScheduleEdit   = "architect:schedule:edit"
	codeMissingPermits = "missing.permissions"
)

// Person is one sample user who can sign in, with their permissions.
type Person struct {
	Key         string   `json:"key"`
	User        User     `json:"user"`
	Permissions []string `json:"permissions"`
}

// people are the org's sample users; the admin is the org's User.
func (g *org) people() []Person {
	return []Person{
		{UserAdmin, g.user, []string{"architect:*:*", "routing:*:*", "directory:user:view"}},
		{UserIVREditor, User{ID: g.ivrEditorID, Name: "Ivy Editor", Email: "ivy.editor@example.com"},
			[]string{PermIVRView, PermIVREdit, PermGroupView, PermScheduleView}},
		{UserViewer, User{ID: g.viewerID, Name: "Vic Viewer", Email: "vic.viewer@example.com"},
			[]string{PermIVRView, PermGroupView, PermScheduleView}},
	}
}

// person finds a sample user by key or email; "" is the admin.
func (g *org) person(hint string) (Person, bool) {
	for _, p := range g.people() {
		if hint == "" && p.Key == UserAdmin || hint != "" && (hint == p.Key || strings.EqualFold(hint, p.User.Email)) {
			return p, true
		}
	}
	return Person{}, false
}

// SetChooseUser turns the login's chooser of People on or off.
func (s *Server) SetChooseUser(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.ChooseUser = on
}

// People returns the sample users who can sign in.
func (s *Server) People() []Person {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.org.people()
}

// granted reports whether perms hold want; a "*" segment grants any value there.
func granted(perms []string, want string) bool {
	w := strings.Split(want, ":")
next:
	for _, p := range perms {
		segs := strings.Split(p, ":")
		if len(segs) != len(w) {
			continue
		}
		for i, seg := range segs {
			if seg != "*" && seg != w[i] {
				continue next
			}
		}
		return true
	}
	return false
}

// routePermission is the permission each API route needs; routes not listed
// need only a valid token.
var routePermission = map[string]string{
	http.MethodGet + " " + ivrsPath:                          PermIVRView,
	http.MethodGet + " " + ivrsPath + "/{ivrId}":             PermIVRView,
	http.MethodPut + " " + ivrsPath + "/{ivrId}":             PermIVREdit,
	http.MethodGet + " " + schedulesPath:                     PermScheduleView,
	http.MethodGet + " " + schedulesPath + "/{scheduleId}":   PermScheduleView,
	http.MethodGet + " " + groupsPath:                        PermGroupView,
	http.MethodGet + " " + groupsPath + "/{scheduleGroupId}": PermGroupView,
	http.MethodPut + " " + groupsPath + "/{scheduleGroupId}": PermGroupEdit,
}

// permitted answers 403 in Genesys's words when the caller lacks the
// permission of rt.
func (s *Server) permitted(t *token, rt *route) *ErrorBody {
	want, ok := routePermission[rt.name()]
	if !ok {
		return nil
	}
	p, _ := s.org.person(t.user)
	if granted(p.Permissions, want) {
		return nil
	}
	return apiError(http.StatusForbidden, codeMissingPermits,
		"Unable to perform the requested action. You are missing the following permission(s): ["+want+"]").
		withParams("Unable to perform the requested action. You are missing the following permission(s): {permissions}",
			map[string]string{"permissions": "[" + want + "]"})
}

// chooser is the login's page that lets a person pick a sample user: each
// link is the same authorize request with login_hint set.
func (s *Server) chooser(c *call) reply {
	var b strings.Builder
	b.WriteString("<!doctype html><title>Sign in</title><h1>Sign in to the sample org as</h1><ul>")
	for _, p := range s.org.people() {
		q := c.r.URL.Query()
		q.Set("login_hint", p.Key)
		u := url.URL{Path: c.r.URL.Path, RawQuery: q.Encode()}
		fmt.Fprintf(&b, `<li><a data-user="%s" href="%s">%s</a> (%s)</li>`,
			html.EscapeString(p.Key), html.EscapeString(u.String()), html.EscapeString(p.User.Name), html.EscapeString(strings.Join(p.Permissions, ", ")))
	}
	b.WriteString("</ul>\n")
	r := reply{status: http.StatusOK, body: []byte(b.String())}
	r.set("Content-Type", "text/html; charset=utf-8")
	r.set("Cache-Control", "no-store")
	return r
}
