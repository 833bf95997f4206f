package dnis

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// E.164 allows at most 15 digits, country code included. The shortest
// numbers in use with their country code have 8 (small countries); anything
// shorter is a local or short number that needs a country code.
const (
	minDigits = 8
	maxDigits = 15
)

// NumberError says why a written number is not a usable E.164 number.
// Error() is a sentence an admin can act on.
type NumberError struct {
	Input  string // as typed
	Reason string // what is wrong and what to do, in words
}

func (e *NumberError) Error() string { return quote(e.Input) + " " + e.Reason }

// Normalize returns the E.164 form ("+13175550100") of a number written in a
// common way: "+13175550100", "+1 (317) 555-0100", "+1.317.555.0100",
// "tel:+1-317-555-0100".
//
// The number must carry its country code after a "+": a bare "555-0100" or
// "3175550100" is refused rather than completed with a default country,
// because a guess that is wrong moves someone else's phone number.
// "00" in place of "+" is refused with a hint for the same reason, and so is
// the "(0)" trunk prefix ("+44 (0)20 …"), which would silently become a
// different number if its 0 were kept.
func Normalize(s string) (string, error) {
	in := s
	fail := func(format string, args ...any) (string, error) {
		return "", &NumberError{Input: in, Reason: fmt.Sprintf(format, args...)}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", &NumberError{Input: in, Reason: "is empty: a phone number is needed"}
	}
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		s = s[4:]
		// RFC 3966 parameters (";ext=12", ";phone-context=…") have no
		// place in an IVR's number list.
		if i := strings.IndexByte(s, ';'); i >= 0 {
			return fail("has extra parts after the number (%s): only the number itself can be used", quote(s[i:]))
		}
	}
	if strings.Contains(s, "(0)") {
		return fail("has “(0)”: leave the (0) out when the number starts with + and the country code")
	}
	var digits []byte
	plus := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '+' && !plus && len(digits) == 0:
			plus = true
		case r == '+':
			return fail("has a + in the middle: put a comma or a new line between numbers")
		case isSeparator(r):
		default:
			return fail("has %s, which is not part of a phone number (only digits, +, spaces, dots, dashes and parentheses; no extensions)", quote(string(r)))
		}
	}
	switch {
	case len(digits) == 0:
		return fail("has no digits: it is not a phone number")
	case !plus && strings.HasPrefix(string(digits), "00"):
		return fail("is not a full phone number: start with + and the country code (write + in place of the leading 00)")
	case !plus:
		return fail("is not a full phone number: start with + and the country code")
	case digits[0] == '0':
		return fail("cannot have 0 right after the +: the country code comes first")
	case len(digits) < minDigits:
		return fail("is too short: it has %d digits, and a full number with its country code has %d to %d", len(digits), minDigits, maxDigits)
	case len(digits) > maxDigits:
		return fail("is too long: it has %d digits, and a phone number has at most %d (put a comma or a new line between numbers)", len(digits), maxDigits)
	}
	return "+" + string(digits), nil
}

// isSeparator reports the characters people put between digit groups,
// including the non-breaking spaces and typographic dashes that come with
// text copied from documents and spreadsheets.
func isSeparator(r rune) bool {
	switch r {
	case '.', '-', '(', ')', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
		return true
	}
	return unicode.IsSpace(r)
}

// canon is the key numbers are compared by: the E.164 form when there is
// one, so "+1 317 555 0100" held by an IVR matches "+13175550100" in an
// intent; the text itself otherwise, so odd entries still compare equal to
// themselves.
func canon(s string) string {
	if n, err := Normalize(s); err == nil {
		return n
	}
	return s
}

// quote puts s in typographic quotes for a message, shortened so a pasted
// paragraph does not swamp the error list.
func quote(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return "“" + s + "”"
}
