// Package say finds the sentence a person at the page reads for an error.
//
// Go errors are written for Go programmers ("journal: cannot record batch
// b1: kv: storage quota exceeded"); the person needs a sentence that says
// what happened in their terms. The code that knows what went wrong gives
// its error that sentence, by implementing Sentencer or by wrapping the error
// in an *Error; Words finds the outermost one with errors.As. No one cuts
// package prefixes off error strings.
package say

import "errors"

// Sentencer is an error that knows the sentence a person reads for it: a
// whole sentence, capitalised, with its full stop.
type Sentencer interface {
	error
	Sentence() string
}

// Error gives Err the sentence Text. Error() stays Err's (for logs and
// tests), and errors.Is/As still reach Err.
type Error struct {
	Text string // what the person reads
	Err  error  // what happened; may be nil
}

// New is an error that is its own sentence.
func New(sentence string) error { return &Error{Text: sentence} }

// Wrap gives err the sentence a person reads for it.
func Wrap(err error, sentence string) error { return &Error{Text: sentence, Err: err} }

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Text
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error    { return e.Err }
func (e *Error) Sentence() string { return e.Text }

// Words is err as the person reads it: the sentence of the outermost error
// in its chain that has one, else a generic sentence that still carries
// the error's own text for whoever the person asks for help. "" for nil.
func Words(err error) string {
	if err == nil {
		return ""
	}
	var s Sentencer
	if errors.As(err, &s) {
		return s.Sentence()
	}
	return "Something unexpected went wrong (" + err.Error() + ")."
}
