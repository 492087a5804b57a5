// Package replayserver serves a directory tree of go-vcr cassettes over HTTP,
// so clients in any language (the official SDKs, the aliyun CLI) can be
// checked against recorded traffic without a network or credentials.
//
// Every cassette under the directory is loaded at start and its interactions
// are indexed by vcr.Index, the matcher the proxy's playback shares, on the
// canonical key of runner/vcr: V3 and RPC requests, query or form
// parameters, any encoding, and for an API call of an RPC-style operation
// any method (GET and POST alike, as the service treats them). One tree may
// hold both signature schemes (cassettes/, not cassettes/emulator/v3), so
// one server answers clients that sign either way. Signatures are not
// verified — this is replay, and recorded credentials are redacted anyway.
// An incoming request whose key matches is answered with the recorded
// status, headers and body, plus an X-Conformance-Interaction header naming
// the cassette and index it came from. When several interactions may answer
// (the same request recorded by several specs, or sent twice by one), they
// answer in turn, in load order (files in lexical order, interactions in
// recorded order), starting over after the last, so a client's test suite
// can run any number of times; Reset rewinds them all.
//
// Control calls and what they caused are served only on request. A
// recorded call to /_emulator/ answers only the same control call, and the
// API answers recorded after a control call changed the emulator (an
// injected fault, a fixture load) answer only a client that names that
// context in the X-Conformance-Context header (vcr.ContextHeader, e.g.
// "internalError"): an ordinary client never gets the Throttling.User a
// fault spec provoked. The server keeps no state between requests, so a
// control call changes nothing here.
//
// Requests that differ from a good one only in credentials or volatile
// fields (a bad signature, a skewed timestamp) carry the vcr.CaseHeader; a
// client that does not send it is only ever served interactions recorded
// without it.
//
// A request nothing matches gets HTTP 404 and an error body in the Alibaba
// Cloud envelope (RequestId, HostId, Code, Message, Recommend), with Code
// Conformance.NoRecordedInteraction and a Message that says what the
// difference is — the context, the signature scheme, the action, the
// method, the case header or the parameters — against the nearest API
// interaction (never a control call), with at most ten differences shown.
// When Options.Validate is set, every request's business parameters are
// checked too, against the contract of the operation the request calls
// (Validate is told its Action), so one server serves and checks the
// recordings of any number of operations. An invalid request that matches a
// recording is still served (error specs send invalid requests on purpose),
// with the problem in an X-Conformance-Invalid-Request header, and an invalid
// request that matches nothing gets HTTP 400 Conformance.InvalidRequest
// instead of the 404.
package replayserver
