package auth

import "fmt"

// The errors of this package that a person reads carry their sentence (see
// package say): config.json's problems for whoever hosts the page, the
// region and sign-in problems for the person signing in.

// configError is a problem with config.json. Error() keeps the Go form
// ("config.json: clientId is missing"); Sentence() is what the page shows.
type configError struct{ problem string }

func configErrorf(format string, args ...any) error {
	return configError{fmt.Sprintf(format, args...)}
}

func (e configError) Error() string { return "config.json: " + e.problem }

func (e configError) Sentence() string {
	return "This page's config.json cannot be used: " + e.problem + "."
}

// Sentence: a sentence error is already written for the person.
func (s sentence) Sentence() string { return string(s) }
