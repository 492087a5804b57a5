// Package client is the small signed client the conformance suites use to
// call an Alibaba Cloud ECS RPC endpoint (the real cloud, a mock, or the
// emulator). It speaks both signature schemes — V3 (ACS3-HMAC-SHA256, the
// default of the current SDKs) and RPC (HMAC-SHA1) — and lays requests out on
// the wire as the official SDKs do, so an endpoint that accepts this client
// accepts them.
//
// Unlike an SDK it never interprets a response as an error: Do returns every
// HTTP answer as a *Response and leaves judging it to the suite. It can also
// send deliberately broken requests (a corrupted or malformed signature, a
// stale or garbled timestamp, a replayed nonce, a missing common parameter),
// described by Tamper, because the suites test how an endpoint authenticates.
//
// Time and nonces come from Config.Clock and Config.Nonce so that recorded
// traffic can be reproduced byte for byte. Signing itself lives in
// internal/signer; this package only decides what to sign and where each
// value travels.
package client
