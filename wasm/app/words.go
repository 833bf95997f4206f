package app

import "strings"

// words is an error as the person reads it: Go errors start with their
// package ("journal: …", "genesys: GET /api/…: …"), which means nothing at
// the page, so that prefix goes; the rest already says what happened.
func words(err error) string {
	s := err.Error()
	for _, p := range []string{"journal: ", "auth: ", "genesys: ", "app: ", "dnis: "} {
		s = strings.TrimPrefix(s, p)
	}
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
