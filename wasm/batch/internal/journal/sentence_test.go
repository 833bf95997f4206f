package journal

import (
	"fmt"
	"testing"

	"github.com/gcpace/gcpace/wasm/say"
)

// The journal's errors read as whole sentences on the page, however deep
// they are wrapped, with no "journal: " left in them.
func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"journal full, wrapped", fmt.Errorf("journal: cannot record batch b1: %w", &FullError{BatchID: "b1"}),
			"The browser's storage for this page is full, so the batch was not recorded and was not started; nothing was sent. Clear this site's data in the browser settings and try again."},
		{"journal full, a job", &FullError{BatchID: "b1", JobID: "j2", State: "done"},
			"The browser's storage for this page is full, so job j2 could not be recorded as done; the batch must stop here until storage is freed (clear this site's data in the browser settings)."},
		{"journal full, the batch's state", &FullError{BatchID: "b1", State: "paused"},
			"The browser's storage for this page is full, so the batch could not be recorded as paused."},
		{"journal corrupt", &CorruptError{Key: "k", KeptAs: "k2", Reason: "not JSON"},
			"A saved batch record (k) could not be read (not JSON); it was kept aside as k2."},
		{"journal newer", &NewerError{Key: "k", Format: 99},
			fmt.Sprintf("A batch record (k) was written by a newer version of gcpace (format 99; this version reads format %d); it was left where it is. Reload the page to use the newer version.", Format)},
	} {
		if got := say.Words(tc.err); got != tc.want {
			t.Errorf("%s: words = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Error() is the same text as the sentence, in the Go form: the package
// prefix, a lower-case start and no closing full stop.
func TestErrorIsTheSentenceInGoForm(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&FullError{BatchID: "b1"},
			"journal: the browser's storage for this page is full, so the batch was not recorded and was not started; nothing was sent. Clear this site's data in the browser settings and try again"},
		{&FullError{BatchID: "b1", JobID: "j2", State: "done"},
			"journal: the browser's storage for this page is full, so job j2 could not be recorded as done; the batch must stop here until storage is freed (clear this site's data in the browser settings)"},
		{&FullError{BatchID: "b1", State: "paused"},
			"journal: the browser's storage for this page is full, so the batch could not be recorded as paused"},
		{&CorruptError{Key: "k", KeptAs: "k", Reason: "not JSON"},
			"journal: a saved batch record (k) could not be read (not JSON); it was left where it is"},
		{&CorruptError{Key: "k", KeptAs: "k2", Reason: "not JSON"},
			"journal: a saved batch record (k) could not be read (not JSON); it was kept aside as k2"},
		{&NewerError{Key: "k", Format: 99},
			fmt.Sprintf("journal: a batch record (k) was written by a newer version of gcpace (format 99; this version reads format %d); it was left where it is. Reload the page to use the newer version", Format)},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%T: Error() = %q, want %q", tc.err, got, tc.want)
		}
	}
}
