package sim

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestPermissions(t *testing.T) {
	s := New(Options{Seed: 7})
	as := func(who string) *client {
		return &client{t: t, s: s, hc: &http.Client{Transport: s.Transport()}, tok: s.IssueTokenFor(who)}
	}
	v := s.IVRs()[0]
	g := s.ScheduleGroups()[0]
	cases := []struct {
		who               string
		ivrPut, groupPut  int
		ivrList, groupGet int
	}{
		{UserAdmin, 200, 200, 200, 200},
		{UserIVREditor, 200, 403, 200, 200},
		{UserViewer, 403, 403, 200, 200},
	}
	for _, tc := range cases {
		c := as(tc.who)
		cur, _ := s.IVR(v.ID)
		if r := c.put(cur); r.status != tc.ivrPut {
			t.Errorf("%s: IVR PUT %d, want %d", tc.who, r.status, tc.ivrPut)
		} else if r.status == http.StatusForbidden {
			if e := r.errorBody(t); e.Code != "missing.permissions" || !strings.Contains(e.Message, PermIVREdit) {
				t.Errorf("%s: 403 body %+v", tc.who, e)
			}
		}
		curG, _ := s.ScheduleGroup(g.ID)
		if r := c.do(http.MethodPut, groupsPath+"/"+g.ID, curG); r.status != tc.groupPut {
			t.Errorf("%s: group PUT %d, want %d", tc.who, r.status, tc.groupPut)
		}
		if r := c.get(ivrsPath); r.status != tc.ivrList {
			t.Errorf("%s: IVR list %d", tc.who, r.status)
		}
		if r := c.get(groupsPath + "/" + g.ID); r.status != tc.groupGet {
			t.Errorf("%s: group GET %d", tc.who, r.status)
		}
		var me struct {
			Name          string
			Authorization struct{ Permissions []string }
		}
		as(tc.who).get("/api/v2/users/me?expand=authorization").json(t, &me)
		p, _ := s.org.person(tc.who)
		if me.Name != p.User.Name || !slices.Equal(me.Authorization.Permissions, p.Permissions) {
			t.Errorf("%s: users/me %+v", tc.who, me)
		}
	}
}

func TestGranted(t *testing.T) {
	for _, tc := range []struct {
		perms []string
		want  string
		ok    bool
	}{
		{[]string{"architect:*:*"}, PermGroupEdit, true},
		{[]string{"architect:scheduleGroup:view"}, PermGroupEdit, false},
		{[]string{"routing:callRoute:*"}, PermIVREdit, true},
		{[]string{"routing:*:view"}, PermIVREdit, false},
		{[]string{"routing"}, PermIVREdit, false},
		{nil, PermIVRView, false},
	} {
		if got := granted(tc.perms, tc.want); got != tc.ok {
			t.Errorf("granted(%v, %s) = %v", tc.perms, tc.want, got)
		}
	}
}

func TestLoginHintPicksTheUser(t *testing.T) {
	s := New(Options{Seed: 8})
	hc := &http.Client{Transport: s.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	authorize := func(hint string) *http.Response {
		q := url.Values{"client_id": {"gcpace-local"}, "redirect_uri": {"http://127.0.0.1:8080/"}, "response_type": {"token"}, "state": {"s"}}
		if hint != "" {
			q.Set("login_hint", hint)
		}
		resp, err := hc.Get("http://login.sim.test/oauth/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	tokenOf := func(resp *http.Response) string {
		u, _ := url.Parse(resp.Header.Get("Location"))
		f, _ := url.ParseQuery(u.Fragment)
		return f.Get("access_token")
	}
	for hint, name := range map[string]string{"": "Alex Admin", UserViewer: "Vic Viewer", "ivy.editor@example.com": "Ivy Editor"} {
		c := &client{t: t, s: s, hc: &http.Client{Transport: s.Transport()}, tok: tokenOf(authorize(hint))}
		var me struct{ Name string }
		c.get("/api/v2/users/me").json(t, &me)
		if me.Name != name {
			t.Errorf("login_hint %q signed in %q, want %q", hint, me.Name, name)
		}
	}
	if u, _ := url.Parse(authorize("nobody").Header.Get("Location")); !strings.Contains(u.Fragment, "error=access_denied") {
		t.Errorf("unknown login_hint: %s", u)
	}
	s.SetChooseUser(true)
	resp, err := hc.Get("http://login.sim.test/oauth/authorize?client_id=gcpace-local&response_type=token&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("chooser: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
