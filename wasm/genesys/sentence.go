package genesys

import "strings"

// Sentence is the answer as the person at the page reads it (see package
// say): Genesys's own message and what support asks for, as Error() gives
// them, made a sentence.
func (e *Error) Sentence() string {
	s := e.Error()
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
