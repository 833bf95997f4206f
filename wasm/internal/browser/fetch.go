//go:build js && wasm

package browser

import (
	"net/http"

	"github.com/syumai/tinyutil/httputil"
)

// HTTP is the client every API call goes through: fetch() by way of
// tinyutil's httputil.Client, which (unlike net/http's js transport) adds no
// headers of its own, so requests carry only Authorization and Content-Type.
func HTTP() interface {
	Do(*http.Request) (*http.Response, error)
} {
	return httputil.DefaultClient
}
