package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/sim"
)

// regionCert makes a self-signed certificate for hosts, and the base64
// SHA-256 of its public key, which Chromium's
// --ignore-certificate-errors-spki-list trusts (and nothing else).
func regionCert(t *testing.T, hosts ...string) (tls.Certificate, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: hosts[0]},
		DNSNames:     hosts,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	spki := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, base64.StdEncoding.EncodeToString(spki[:])
}

// serveTLS serves h over TLS with cert on a loopback port until the test ends.
func serveTLS(t *testing.T, h http.Handler, cert tls.Certificate) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}}, ReadHeaderTimeout: 10 * time.Second}
	go srv.ServeTLS(ln, "", "")
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// TestSignInOtherRegion: the org is in Ireland (mypurecloud.ie) while
// config.json names mypurecloud.com and no apiBase/loginBase. Chromium
// resolves login.mypurecloud.ie and api.mypurecloud.ie to the simulator,
// served over TLS with a certificate made here. Opened as Genesys Cloud
// opens a client app of that region, the page signs in with each grant,
// and every request reaches the Irish hosts, none mypurecloud.com's.
func TestSignInOtherRegion(t *testing.T) {
	for _, grant := range []string{"implicit", "pkce"} {
		t.Run(grant, func(t *testing.T) {
			const login, api = "login.mypurecloud.ie", "api.mypurecloud.ie"
			d := startStackWith(t, devserver.Options{
				Sim:   sim.Options{Seed: 1, IVRs: 20},
				Grant: grant,
				// config.json as a host in the US would write it.
				Config:     map[string]any{"environment": "mypurecloud.com", "apiBase": nil, "loginBase": nil},
				ConnectSrc: []string{"https://" + api, "https://" + login},
			})
			cert, spki := regionCert(t, login, api)
			addr := serveTLS(t, d.Sim.Handler(), cert)
			ctx := newBrowser(t,
				chromedp.Flag("host-resolver-rules", fmt.Sprintf("MAP %s %s, MAP %s %s", login, addr, api, addr)),
				chromedp.Flag("ignore-certificate-errors-spki-list", spki),
			)
			navigate(t, ctx, d.PageURL+"?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.ie&gcTargetEnv=prod-euw1&gcLangTag=en-us")
			clickTestID(t, ctx, "sign-in")
			waitVisible(t, ctx, testID("user-name"))
			waitJS(t, ctx, "the signed-in page", `document.documentElement.dataset.ready === "1"`)
			if got := textOf(t, ctx, testID("user-name")); got != d.Sim.User().Name {
				t.Errorf("user-name = %q", got)
			}
			waitVisible(t, ctx, testID("org-name"))
			if got := textOf(t, ctx, testID("org-name")); !strings.Contains(got, "mypurecloud.ie") {
				t.Errorf("org-name = %q, want the region mypurecloud.ie in it", got)
			}
			hosts := map[string]int{}
			for _, e := range d.Sim.Log() {
				hosts[e.Host]++
			}
			for h, n := range hosts {
				if h != login && h != api {
					t.Errorf("%d requests went to %q; want only %s and %s", n, h, login, api)
				}
			}
			if hosts[login] == 0 || hosts[api] == 0 {
				t.Errorf("requests by host: %v", hosts)
			}
			t.Logf("requests by host: %v", hosts)
			if loc := location(t, ctx); strings.Contains(loc, "code=") || strings.Contains(loc, "#") || !strings.Contains(loc, "gcTargetEnv=prod-euw1") {
				t.Errorf("address bar after sign-in: %s", loc)
			}
		})
	}
}
