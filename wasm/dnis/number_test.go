package dnis

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"e164", "+13175550100", "+13175550100"},
		{"spaces and parens", "+1 (317) 555-0100", "+13175550100"},
		{"dots", "+1.317.555.0100", "+13175550100"},
		{"dashes", "+1-317-555-0100", "+13175550100"},
		{"tel uri", "tel:+13175550100", "+13175550100"},
		{"tel uri upper case with dashes", "TEL:+1-317-555-0100", "+13175550100"},
		{"surrounding space", "  +13175550100\t", "+13175550100"},
		{"non-breaking spaces", "+44\u00a020\u00a07946\u00a00958", "+442079460958"},
		{"typographic dash", "+1 317\u2013555\u20130100", "+13175550100"},
		{"plus in parens", "(+44) 20 7946 0958", "+442079460958"},
		{"shortest", "+35312345", "+35312345"},
		{"longest", "+123456789012345", "+123456789012345"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeRefuses(t *testing.T) {
	tests := []struct {
		name, in, want string // want: the whole message, or a part of it
	}{
		{"no country code", "555-0100", "“555-0100” is not a full phone number: start with + and the country code"},
		{"national number", "(317) 555-0100", "start with + and the country code"},
		{"00 prefix", "0013175550100", "write + in place of the leading 00"},
		{"empty", "  ", "is empty"},
		{"letters", "+1 317 CALL NOW", "“C”, which is not part of a phone number"},
		{"extension", "+13175550100 x12", "no extensions"},
		{"tel extension", "tel:+13175550100;ext=12", "extra parts after the number (“;ext=12”)"},
		{"trunk zero", "+44 (0)20 7946 0958", "leave the (0) out"},
		{"plus in middle", "+13175550100+13175550101", "+ in the middle"},
		{"zero country code", "+0317555010", "0 right after the +"},
		{"too short", "+1317555", "too short: it has 7 digits"},
		{"too long", "+1234567890123456", "too long: it has 16 digits"},
		{"only plus", "+", "has no digits"},
		{"long input quoted short", strings.Repeat("x", 100), "“xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err == nil {
				t.Fatalf("Normalize(%q) = %q, want an error", tt.in, got)
			}
			var ne *NumberError
			if !errors.As(err, &ne) || ne.Input != tt.in {
				t.Errorf("error %T %v is not a *NumberError for %q", err, err, tt.in)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Normalize(%q) error\n %s\nwant it to contain\n %s", tt.in, err, tt.want)
			}
		})
	}
}
