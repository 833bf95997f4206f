package genesys

import (
	"context"
	"net/http"
)

// Org is the signed-in person's organization, as far as the page shows it.
type Org struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Org returns the signed-in person's organization
// (GET /api/v2/organizations/me).
func (c *Client) Org(ctx context.Context) (Org, error) {
	var o Org
	_, err := c.do(ctx, http.MethodGet, "/api/v2/organizations/me", nil, nil, &o)
	return o, err
}
