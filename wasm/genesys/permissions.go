package genesys

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// Permissions the page's kinds of edit need, as Genesys names them.
const (
	PermIVRView      = "routing:callRoute:view"
	PermIVREdit      = "routing:callRoute:edit"
	PermGroupView    = "architect:scheduleGroup:view"
	PermGroupEdit    = "architect:scheduleGroup:edit"
	PermScheduleView = "architect:schedule:view"
)

// Permissions are what GET /api/v2/users/me?expand=authorization grants the
// signed-in person.
type Permissions []string

// Has reports whether the person holds want. A "*" segment grants any value
// there ("architect:*:*"); a division-scoped grant ("…:edit" with divisions)
// is listed under the same string, so it counts too.
func (p Permissions) Has(want string) bool {
	w := strings.Split(want, ":")
next:
	for _, g := range p {
		segs := strings.Split(g, ":")
		if len(segs) != len(w) {
			continue
		}
		for i, s := range segs {
			if s != "*" && s != w[i] {
				continue next
			}
		}
		return true
	}
	return false
}

// MeWithPermissions returns the signed-in person and their permissions.
func (c *Client) MeWithPermissions(ctx context.Context) (User, Permissions, error) {
	var me struct {
		User
		Authorization struct {
			Permissions []string `json:"permissions"`
		} `json:"authorization"`
	}
	_, err := c.do(ctx, http.MethodGet, "/api/v2/users/me", url.Values{"expand": {"authorization"}}, nil, &me)
	return me.User, me.Authorization.Permissions, err
}
