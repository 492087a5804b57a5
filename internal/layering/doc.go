// Package layering holds no code: its test checks that imports flow the way
// design.md says (contract → emulator / runner → suites → cmd), so a shortcut
// across the layers fails the build's tests instead of eroding the design.
package layering
