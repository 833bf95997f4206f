package sim

import "net/http"

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
