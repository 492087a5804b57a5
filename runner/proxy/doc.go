// Package proxy is the language-neutral record / playback / live proxy for
// SDK tests (the Azure SDK test-proxy is the model): a client in any
// language points its endpoint at the proxy instead of the service, and
// names its recording per test.
//
//   - Record forwards every request to the upstream (the real cloud over
//     HTTPS, or any emulator), answers with what the upstream answered, and
//     writes one go-vcr cassette per recording when the recording stops,
//     sanitized by the suite's own sanitizer (vcr.Sanitize) before anything
//     touches disk.
//   - Playback answers from a recording and never dials: identical
//     requests are answered in the order they were recorded, each recorded
//     answer once, so a retry, a replayed nonce or a wrong-secret call
//     followed by a right one plays back as it happened. Control calls
//     recorded against an emulator (/_emulator/faults) replay too, and the
//     answers recorded after them are served only after them (vcr.Index and
//     its contexts, the matcher the replay server shares).
//   - Live forwards and records nothing.
//
// In every mode each API request is checked against the request contract
// of the operation it calls (schemas.WireRequest) and each answer against
// the response or error schema (schemas.Response, schemas.ErrorEnvelope);
// what broke the contract goes into a client-conformance report per
// recording (Report), written as JSON and summed up in one line when the
// recording stops.
//
// A client names its recording with the X-Conformance-Recording header
// (stripped before forwarding), or Options.Recording applies. Recordings
// also start and stop through the proxy's own control path,
// /_conformance/ (see ControlPrefix), which is never forwarded.
//
// # Signatures and the Host header
//
// A client signs for the host it talks to, the proxy. The RPC signature
// does not cover the host, so an RPC request is forwarded as it came. The
// V3 signature covers the host header, so a V3 request stays valid only if
// the upstream sees the Host the client signed: to a loopback upstream (an
// emulator, which verifies against the Host it receives and accepts any)
// the proxy forwards the client's Host unchanged (HostClient). The real
// cloud routes by Host, so to any other upstream the proxy sends the
// upstream's host (HostUpstream) and re-signs V3 requests with the
// credentials it was given (ALIBABA_CLOUD_ACCESS_KEY_ID and _SECRET in its
// environment) — but only a request whose own signature verifies with
// those same credentials for the Host the client used. A request signed
// wrong on purpose (a wrong-secret test) is forwarded as it came, so the
// cloud refuses it as it would have refused the client.
package proxy
