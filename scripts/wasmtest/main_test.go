package main

import (
	"maps"
	"testing"
	"time"
)

func TestDeadline(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want time.Duration
	}{
		{[]string{"x.test"}, 11 * time.Minute},
		{[]string{"x.test", "-test.paniconexit0", "-test.timeout=30s"}, 90 * time.Second},
		{[]string{"x.test", "--test.timeout=2m", "-test.v=true"}, 3 * time.Minute},
		{[]string{"x.test", "-test.timeout=0s"}, 24*time.Hour + time.Minute},
	} {
		if got := deadline(tt.args); got != tt.want {
			t.Errorf("deadline(%q) = %s, want %s", tt.args, got, tt.want)
		}
	}
}

func TestTestEnv(t *testing.T) {
	got := testEnv([]string{"HOME=/root", "GODEBUG=x=1", "GCPACE_SEED=3", "WASMTEST_MODE=a=b", "GOTRACEBACK=all", "GCP=no"})
	want := map[string]string{"GODEBUG": "x=1", "GCPACE_SEED": "3", "WASMTEST_MODE": "a=b", "GOTRACEBACK": "all"}
	if !maps.Equal(got, want) {
		t.Errorf("testEnv = %v, want %v", got, want)
	}
}
