// Package mutant turns the contract into deviations and benign variations of
// an endpoint, and serves them: a mutating proxy in front of a correct
// upstream (the emulator) applies one at a time, so that the conformance
// suite can be run against each. The suite must fail against every mutant and
// pass against every benign variant; package selftest measures both.
//
// Mutants are generated, not written: every constraint of every parameter,
// every match rule of every filter, every echoed or computed field, every
// element of the response and of the error envelope, every error code and
// every authentication rule of an operation's contract yields its own, so
// the measured power grows with the contract. Each has a stable name
// (<class>/<subject>/<deviation>) and one line saying what it breaks. The
// few deviations the contract cannot describe stay hand-written, in
// package selftest's tests.
//
// The proxy changes answers only: requests are signed, so when a mutant
// needs the answer to another request (the page a clamped MaxResults gives,
// the result of a loosened filter) it asks the upstream itself, signing with
// the caller's own key, which the proxy is handed.
package mutant
