// Package cassettes holds the go-vcr recordings of the conformance suite,
// one go-vcr YAML file per spec under <target>/<scheme>/ (gzipped as
// .yaml.gz past 64 KiB), sanitized before they were written. `make record` re-records them from the deterministic
// emulator; `make test` replays them offline. The tests here guard the
// files themselves: no secret may be in them, and every recorded answer
// must still match today's schemas.
package cassettes
