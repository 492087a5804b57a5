// Package replayserver serves a directory tree of go-vcr cassettes over HTTP,
// so clients in any language (the official SDKs, the aliyun CLI) can be
// checked against recorded traffic without a network or credentials.
//
// Every cassette under the directory is loaded at start and its interactions
// are indexed by the canonical key of runner/vcr, the same key the Go
// recorder matches on: V3 and RPC requests, query or form parameters, any
// encoding. Signatures are not verified — this is replay, and recorded
// credentials are redacted anyway. An incoming request whose key matches is
// answered with the recorded status, headers and body, plus an
// X-Conformance-Interaction header naming the cassette and index it came
// from. When several interactions share a key (the same request recorded by
// several specs, or sent twice by one), they answer in turn, in load order
// (files in lexical order, interactions in recorded order), starting over
// after the last, so a client's test suite can run any number of times;
// Reset rewinds every key to its first interaction.
//
// Requests that differ from a good one only in credentials or volatile
// fields (a bad signature, a skewed timestamp) carry the vcr.CaseHeader; a
// client that does not send it is only ever served interactions recorded
// without it.
//
// A request nothing matches gets HTTP 404 and an error body in the Alibaba
// Cloud envelope, with Code Conformance.NoRecordedInteraction and a Message
// naming the closest recorded interaction and the parameters that differ.
// When Options.Validate is set, every request's business parameters are
// checked too, against the contract of the operation the request calls
// (Validate is told its Action), so one server serves and checks the
// recordings of any number of operations. An invalid request that matches a
// recording is still served (error specs send invalid requests on purpose),
// with the problem in an X-Conformance-Invalid-Request header, and an invalid
// request that matches nothing gets HTTP 400 Conformance.InvalidRequest
// instead of the 404.
package replayserver
