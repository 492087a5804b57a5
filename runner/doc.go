// Package runner turns configuration into a target for the conformance
// suite: it reads the mode, endpoint, region, signature scheme and
// credentials, builds the suites.Env — an in-process emulator handed in by
// the caller, a live endpoint, a recorder or a replayer of go-vcr cassettes —
// loads the deviation ledger, and writes the closing reports. It never
// imports the emulator: cmd/ and test entry points hand it an http.Handler.
package runner
