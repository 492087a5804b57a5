// Package emulator is the reference endpoint of ecs-conformance: an
// http.Handler that answers operations of the Alibaba Cloud ECS API (version
// 2014-05-26) the way their contracts in specs/ say they must.
//
// The package is a protocol layer shared by every operation (decoding,
// scheme detection, authentication, faults, error answers, control
// endpoints, request IDs, logging) in front of an Action → handler table.
// Each operation sits in a file named after it (describe_security_groups.go)
// holding its plan, compiled from its contract at New, and its response
// writers; the file registers the operation, and New builds a handler for
// every operation of Options.Operations (by default specs.Operations()).
//
// Everything a contract states is read from it, never re-typed here: the
// parameters, their constraints and the order they are validated in, the
// paging model, and the table of error code → HTTP status → message, built
// per operation from its own codes and the shared ones (each operation
// words MissingParameter.RegionId its own way). The package adds only what
// the contracts leave to an implementation: the wire decoding (GET query,
// POST form body, V3 headers), signature verification with internal/signer
// (RPC HMAC-SHA1 and ACS3-HMAC-SHA256), access keys bound to accounts, nonce
// replay protection, opaque page tokens, injectable faults and a
// deterministic mode for byte-stable recordings.
//
// A request goes through these steps, and the first that fails answers:
//
//  1. routing: path "/" and method GET or POST, else InvalidAction.NotFound;
//  2. transport: query ≤ 64 KiB and body ≤ Options.MaxBodyBytes
//     (RequestTooLarge), parameters that decode (the operation's syntax code
//     naming the parameter: broken percent-encoding, invalid UTF-8 or NUL in
//     a name or value, a body that is not application/x-www-form-urlencoded);
//  3. authentication, in the order of the wire reference: common parameters
//     present, Action in the table and Version its operation's, access key
//     known and active, timestamp format then window, signature, nonce,
//     then RAM;
//  4. injected faults (throttling, internal error, unavailability, latency);
//  5. the operation: parameters in contract order, then what its own file
//     says (for DescribeSecurityGroups the paging-mode mix, the NextToken,
//     DryRun), and finally the result.
//
// Choices where the contract and the wire reference leave room:
//
//   - Scheme: a request with an Authorization header, or with x-acs-action
//     and no Action parameter, is V3; anything else is RPC.
//   - Missing envelope: RPC checks AccessKeyId, Timestamp, SignatureNonce in
//     that order (Missing*), then a missing Signature, SignatureMethod or
//     SignatureVersion (all required) is IncompleteSignature at the
//     signature step, like an unknown method or version.
//   - A nonce over MaxNonceBytes (128) is IncompleteSignature in either
//     scheme, before the key is looked up: clients send 32 or 64 hex digits
//     or a UUID, and a longer one would cost memory for as long as it is
//     remembered. IncompleteSignature rather than a new code: the wire
//     reference gives it for a signature envelope that does not conform,
//     which the emulator already answers for an oversized Authorization,
//     and no Missing* code fits a nonce that is present.
//     V3 answers IncompleteSignature for an Authorization that is absent,
//     repeated, over 8 KiB or not ACS3-HMAC-SHA256, MissingAccessKeyId for
//     one without Credential, then MissingTimestamp (x-acs-date) and
//     MissingSignatureNonce (x-acs-signature-nonce). The rest of the header
//     is parsed strictly at the signature step (IncompleteSignature).
//   - V3 must sign host and every x-acs-* header present and carry
//     x-acs-content-sha256 (IncompleteSignature otherwise). The canonical
//     request uses the hash of the body received, so a body hash header that
//     does not match the body is SignatureDoesNotMatch: the server's
//     string-to-sign in the message shows the disagreement.
//   - A common RPC parameter (AccessKeyId, Signature, Timestamp...) sent twice
//     is IncompleteSignature: which value was signed is ambiguous. A business
//     parameter sent twice is InvalidParameter, in contract order.
//   - An STS key sent without its token, or with another, is unknown
//     (InvalidAccessKeyId.NotFound). A token sent with a long-term key is
//     ignored.
//   - Undecodable parameters (bad escapes, invalid UTF-8, NUL) and a body
//     that is not a form are answered before authentication (nothing can be
//     verified) with the syntax code of the operation the request names
//     (InvalidParameter for DescribeSecurityGroups), naming the parameter or
//     Content-Type. A request that names no known operation gets
//     InvalidAction.NotFound instead: without an operation there is no
//     contract to word the answer.
//   - Answers given before the Action is known (routing, sizes, the
//     envelope's Missing* and IncompleteSignature) use the shared codes of
//     common.yaml; after, the operation's table, which holds the same shared
//     entries and its own codes.
//   - DisableAuth accepts a request without Version (a curl-friendly mock).
//   - SecurityGroupIds "[]" counts as not sent, like an empty value.
//   - Nonces are remembered per key until the request's timestamp leaves the
//     window, at most Options.NonceCap per key (the oldest is forgotten),
//     each as a 64-bit keyed hash, never as text: an entry costs about 52
//     bytes whatever the nonce's length, so one key at the default cap
//     (262,144) costs about 13 MiB (BenchmarkNonceCacheFull). Nothing else
//     of a request is kept after its answer.
//   - Page tokens decode only in the spelling they were issued in.
//
// Control endpoints live under /_emulator/ (health, reset, fixtures, faults),
// outside the API namespace. They are never signed; ControlOptions refuse
// web pages (Origin, foreign Host, bodies other than JSON or YAML), can
// require a bearer token, or remove them.
package emulator
