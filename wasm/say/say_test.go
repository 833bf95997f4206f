package say_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gcpace/gcpace/wasm/say"
)

type own struct{}

func (own) Error() string    { return "pkg: own" }
func (own) Sentence() string { return "Its own sentence." }

func TestWords(t *testing.T) {
	cause := errors.New("pkg: low-level")
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"no sentence: generic, with the text", cause, "Something unexpected went wrong (pkg: low-level)."},
		{"wrapped", say.Wrap(cause, "The thing failed."), "The thing failed."},
		{"wrapped deeper", fmt.Errorf("outer: %w", say.Wrap(cause, "The thing failed.")), "The thing failed."},
		{"a Sentencer of its own", fmt.Errorf("outer: %w", own{}), "Its own sentence."},
		{"the outermost sentence wins", say.Wrap(fmt.Errorf("x: %w", own{}), "More context."), "More context."},
		{"new", say.New("Just this."), "Just this."},
	} {
		if got := say.Words(tc.err); got != tc.want {
			t.Errorf("%s: Words = %q, want %q", tc.name, got, tc.want)
		}
	}
	w := say.Wrap(cause, "The thing failed.")
	if !errors.Is(w, cause) || w.Error() != cause.Error() {
		t.Errorf("Wrap hides its cause: %v", w)
	}
}
