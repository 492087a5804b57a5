// Package emulator is the reference endpoint of ecs-conformance: an
// http.Handler that answers the Alibaba Cloud ECS API DescribeSecurityGroups
// (version 2014-05-26) the way its contract in specs/ says it must.
//
// Everything the contract states is read from it, never re-typed here: the
// parameters, their constraints and the order they are validated in, the
// paging model, and the table of error code → HTTP status → message. The
// package adds only what the contract leaves to an implementation: the wire
// decoding (GET query, POST form body, V3 headers), signature verification
// with internal/signer (RPC HMAC-SHA1 and ACS3-HMAC-SHA256), access keys bound
// to accounts, nonce replay protection, opaque page tokens, injectable faults
// and a deterministic mode for byte-stable recordings.
//
// A request goes through these steps, and the first that fails answers:
//
//  1. routing: path "/" and method GET or POST, else InvalidAction.NotFound;
//  2. transport: query ≤ 64 KiB and body ≤ Options.MaxBodyBytes
//     (RequestTooLarge), parameters that decode (InvalidParameter naming the
//     parameter: broken percent-encoding, invalid UTF-8 or NUL in a name or
//     value, a body that is not application/x-www-form-urlencoded);
//  3. authentication, in the order of the wire reference: common parameters
//     present, Action and Version known, access key known and active,
//     timestamp format then window, signature, nonce, then RAM;
//  4. injected faults (throttling, internal error, unavailability, latency);
//  5. the operation: parameters in contract order, the paging-mode mix, the
//     NextToken, DryRun, and finally the result.
//
// Control endpoints live under /_emulator/ (health, reset, fixtures, faults),
// outside the API namespace, and are never authenticated.
package emulator
