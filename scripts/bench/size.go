package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// brotliTarget is issue 5's budget for the module as served: brotli ≤ 1.4 MB.
const brotliTarget = 1_400_000

// sizes of web/gcpace.wasm: raw, and as a static host would serve it.
type sizes struct {
	Raw, Gzip, Brotli int64 // Brotli is 0 when no brotli CLI was found
}

// buildPage runs `make build` (a no-op when the page is fresh) so that sizes
// and load times are those of the code in the tree. When it fails, an
// existing build is measured, and the caller is told.
func buildPage(root string) error {
	cmd := exec.Command("make", "--no-print-directory", "build")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("make build: %v\n%s", err, out)
	}
	return nil
}

// wasmSizes compresses the module as scripts/precompress.sh does (gzip -9,
// brotli -q 11), with the CLIs when present; gzip falls back to Go's.
func wasmSizes(wasm string) (sizes, error) {
	fi, err := os.Stat(wasm)
	if err != nil {
		return sizes{}, err
	}
	sz := sizes{Raw: fi.Size()}
	if sz.Gzip, err = compressed(wasm, "gzip", "-9", "-c"); err != nil {
		if sz.Gzip, err = goGzip(wasm); err != nil {
			return sz, err
		}
	}
	sz.Brotli, _ = compressed(wasm, "brotli", "-q", "11", "-c")
	return sz, nil
}

// compressed runs a compressor CLI on file and counts what it writes.
func compressed(file, name string, args ...string) (int64, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return 0, err
	}
	var n counter
	cmd := exec.Command(path, append(args, filepath.Clean(file))...)
	cmd.Stdout = &n
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return int64(n), nil
}

func goGzip(file string) (int64, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n counter
	zw, _ := gzip.NewWriterLevel(&n, gzip.BestCompression)
	if _, err := io.Copy(zw, f); err != nil {
		return 0, err
	}
	err = zw.Close()
	return int64(n), err
}

type counter int64

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}
