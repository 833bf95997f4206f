package devserver

import (
	"cmp"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
)

// page serves the static page from a folder, as a careful static host would:
// precompressed siblings (.br, .gz) when the browser accepts them, the right
// Content-Type for each file, a strict Content-Security-Policy on HTML, and
// nothing outside what the page is made of.
type page struct {
	root   *os.Root
	config []byte // served as /config.json instead of the file on disk
	csp    string
}

func newPage(dir string, config []byte, apiOrigin string, frameAncestors []string) (*page, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &page{root: root, config: config, csp: contentSecurityPolicy(apiOrigin, frameAncestors)}, nil
}

// contentSecurityPolicy allows what the page needs and nothing more: its own
// scripts and the wasm module ('wasm-unsafe-eval' is what instantiating any
// WebAssembly needs), calls to the API and login origin, data: images (Spark's
// CSS has data: SVGs), and inline styles: Spark's Stencil runtime injects a
// <style> element, which 'self' alone blocks (checked in Chromium). The page
// may be framed by its own origin and by frameAncestors only; a host that
// embeds it in Genesys Cloud adds the apps origins of its environments.
func contentSecurityPolicy(apiOrigin string, frameAncestors []string) string {
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"connect-src 'self' " + apiOrigin,
		"img-src 'self' data:",
		"style-src 'self' 'unsafe-inline'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'none'", // the page has no forms
		strings.Join(append([]string{"frame-ancestors 'self'"}, frameAncestors...), " "),
	}, "; ")
}

// encoding is a precompressed sibling: Content-Encoding name and file suffix.
type encoding struct{ name, ext string }

// encodings are the precompressed siblings, best first.
var encodings = []encoding{{"br", ".br"}, {"gzip", ".gz"}}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// Every answer: no MIME sniffing, and no Referer (a page URL can carry
	// ?code=&state= while it boots).
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if r.TLS != nil {
		// Over https, browsers keep to https for this host from then on:
		// no plain-http first request for an attacker to answer.
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	if name == "config.json" {
		h.Set("Content-Type", "application/json")
		h.Set("Cache-Control", "no-store")
		w.Write(p.config)
		return
	}
	if !servable(name) {
		http.NotFound(w, r)
		return
	}
	f, fi, err := p.open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer func() { f.Close() }()
	if fi.IsDir() {
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		return
	}

	ctype := contentType(name)
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-cache") // revalidate: a rebuild shows on reload
	h.Add("Vary", "Accept-Encoding")
	if strings.HasPrefix(ctype, "text/html") {
		h.Set("Content-Security-Policy", p.csp)
	}
	for _, enc := range accepted(r.Header.Get("Accept-Encoding")) {
		sf, sfi, err := p.open(name + enc.ext)
		if err != nil {
			continue
		}
		if sfi.IsDir() || sfi.ModTime().Before(fi.ModTime()) { // stale: the original changed since
			sf.Close()
			continue
		}
		f.Close()
		f, fi = sf, sfi
		h.Set("Content-Encoding", enc.name)
		break
	}
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

func (p *page) open(name string) (*os.File, fs.FileInfo, error) {
	if name == "" {
		return nil, nil, fs.ErrNotExist
	}
	f, err := p.root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// servable reports whether a path of the folder is part of the page: not the
// npm install (the page uses vendor/), package files, or dotfiles.
func servable(name string) bool {
	for part := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(part, ".") || part == "node_modules" {
			return false
		}
	}
	return !slices.Contains([]string{"package.json", "package-lock.json"}, name)
}

// accepted lists the precompressed encodings an Accept-Encoding value allows,
// best first (by q-value, then br before gzip).
func accepted(header string) []encoding {
	q := map[string]float64{}
	for item := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(item, ";")
		weight := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				weight = f
			}
		}
		q[strings.ToLower(strings.TrimSpace(coding))] = weight
	}
	weight := func(e encoding) float64 {
		if w, ok := q[e.name]; ok {
			return w
		}
		return q["*"]
	}
	var out []encoding
	for _, e := range encodings {
		if weight(e) > 0 {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b encoding) int { return cmp.Compare(weight(b), weight(a)) })
	return out
}

// types are set here rather than read from the system's mime.types, which
// differs between machines (and must say application/wasm for streaming
// compilation).
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".wasm":  "application/wasm",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ico":   "image/x-icon",
	".txt":   "text/plain; charset=utf-8",
	".csv":   "text/csv; charset=utf-8",
	".woff":  "font/woff",
	".woff2": "font/woff2",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
