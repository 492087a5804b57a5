// Package examples holds the tests that run the repository's examples
// (examples/) as their users would: the GitHub Actions job's shell steps on
// this machine, against binaries built from this checkout.
package examples
