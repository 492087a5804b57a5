// Package selftest holds no code: its tests measure the power of the
// conformance suite in package suites. A suite that passes against a broken
// endpoint is worthless, so the tests put a mutating reverse proxy in front of
// a fresh emulator, make it deviate from the contract in one small, plausible
// way at a time (a reversed page, a misspelt error code, DryRun answered
// before validation, a tag list turned into an object, ...), and run the
// whole suite against it in live mode, as a user would run it against their
// own mock. The suite must fail for every deviation and pass without one.
//
// The suite runs as a subprocess (its test binary, built once per run), so
// what is measured is exactly what a user runs, configured only through the
// documented CONFORMANCE_* variables; the Ginkgo JSON report says which specs
// caught each deviation, and the tests log them.
//
// A second test runs the suite against cmd/ecsemu started as its own process
// and checks that the emulator shuts down cleanly on SIGTERM.
package selftest
