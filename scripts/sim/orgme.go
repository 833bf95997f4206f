package sim

import (
	"net/http"
	"strings"
)

// orgName is the sample org's name, as tokens/me already reports it.
const orgName = "gcpace Sample Org"

// getOrgMe is GET /api/v2/organizations/me: the signed-in person's org, in
// the shape of Genesys's Organization (the fields a client shows).
func (s *Server) getOrgMe(c *call) reply {
	return jsonReply(http.StatusOK, map[string]any{
		"id":                s.org.id,
		"name":              orgName,
		"thirdPartyOrgName": "gcpace-sample",
		"domain":            "gcpace-sample",
		"state":             "active",
		"version":           1,
		"selfUri":           "/api/v2/organizations/" + s.org.id,
	})
}

// requestHost is the host a request was sent to: its Host header, or for
// an in-process call (Transport) its URL's host. Lower case, port kept.
func requestHost(r *http.Request) string {
	h := r.Host
	if h == "" && r.URL != nil {
		h = r.URL.Host
	}
	return strings.ToLower(h)
}
