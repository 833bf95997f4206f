package app

import (
	"errors"
	"testing"
)

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"journal: the browser's storage for this page is full": "The browser's storage for this page is full.",
		"Your Genesys Cloud session has expired.":              "Your Genesys Cloud session has expired.",
		"genesys: GET /api/v2/users/me: fetch failed":          "GET /api/v2/users/me: fetch failed.",
	} {
		if got := words(errors.New(in)); got != want {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}
