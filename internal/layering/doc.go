// Package layering holds no code: its test checks that imports flow the way
// design.md says (contract → emulator / runner → suites → cmd), so a shortcut
// across the layers fails the build's tests instead of eroding the design.
// It holds every rule of design.md's "Which package may import which", plus
// two that keep the layers apart: nothing under internal/ imports the
// emulator, the runner, the suite or wiring, and only cmd/... and test files
// (the suite's entry point) import wiring; nothing imports cmd/.
package layering
