package journal

import (
	"fmt"
	"strings"
)

// The journal's errors as the person at the page reads them (see package
// say); Error() is the Go form of the same sentence, for logs and tests.

// Sentence says what was not recorded and what that means.
func (e *FullError) Sentence() string {
	switch {
	case e.JobID != "":
		return fmt.Sprintf("The browser's storage for this page is full, so job %s could not be recorded as %s; "+
			"the batch must stop here until storage is freed (clear this site's data in the browser settings).", e.JobID, e.State)
	case e.State != "":
		return fmt.Sprintf("The browser's storage for this page is full, so the batch could not be recorded as %s.", e.State)
	}
	return "The browser's storage for this page is full, so the batch was not recorded and was not started; " +
		"nothing was sent. Clear this site's data in the browser settings and try again."
}

// Sentence says which record could not be read and where it is now.
func (e *CorruptError) Sentence() string {
	if e.KeptAs == e.Key {
		return fmt.Sprintf("A saved batch record (%s) could not be read (%s); it was left where it is.", e.Key, e.Reason)
	}
	return fmt.Sprintf("A saved batch record (%s) could not be read (%s); it was kept aside as %s.", e.Key, e.Reason, e.KeptAs)
}

// Sentence says the record belongs to a newer gcpace, and was left alone.
func (e *NewerError) Sentence() string {
	return fmt.Sprintf("A batch record (%s) was written by a newer version of gcpace (format %d; this version reads format %d); it was left where it is. Reload the page to use the newer version.", e.Key, e.Format, Format)
}

// goForm is the Go error text for one of the sentences above: the package
// prefix, the first letter lowered and no closing full stop. Error() is made
// from Sentence() so that the two cannot drift apart.
func goForm(sentence string) string {
	s := strings.TrimSuffix(sentence, ".")
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		s = string(s[0]+'a'-'A') + s[1:]
	}
	return "journal: " + s
}
