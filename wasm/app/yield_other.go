//go:build !(js && wasm)

package app

// pageYield needs no pause outside the browser, where goroutines run in
// parallel with whatever else the host does.
func pageYield() func() { return nil }
