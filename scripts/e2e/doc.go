// Package e2e holds the browser tests of gcpace: the built page (web/, after
// make build) in headless Chromium against the Genesys Cloud simulator, served
// on two loopback origins by devserver, exactly as CONTRACT.md describes.
package e2e
