// Package load measures the reference emulator for cmd/loadgen and for the
// benchmarks next to it: requests per second of DescribeSecurityGroups over
// loopback next to a bare net/http handler serving the same bytes, page
// latency with a thousand to a million groups in a region, and heap per
// group.
//
// Every request the emulator receives is signed with ACS3-HMAC-SHA256 and a
// nonce of its own, as the emulator rejects replays; signing happens before
// the timed part (see Signer), and its cost is reported separately. All
// servers listen on 127.0.0.1 only, and every loop is bounded by a request
// count and, where it runs against the clock, by a deadline.
package load
