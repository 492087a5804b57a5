// Package suites is the conformance suite of DescribeSecurityGroups as a
// library: Register declares Ginkgo specs against an *Env that is resolved
// when each spec runs, so the same specs serve `go tool ginkgo ./suites`, the
// cmd/conformance binary and any user's own test entry point. The package
// knows nothing of where its traffic goes — emulator, live endpoint or
// cassette — and reads no configuration: everything arrives in the Env.
package suites
