//go:build js && wasm

// Package example holds a test that proves the wasmtest harness: it runs in
// Chromium, reaches the DOM, and its result and flags cross the harness.
package example
