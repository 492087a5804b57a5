// Package vcr records the conformance suites' HTTP traffic into go-vcr
// cassettes and replays it offline, and holds the one canonical request key
// that the go-vcr matcher, the replay server and contract coverage share.
//
// # The canonical key
//
// Two requests get the same Key when a server would be asked the same
// question. The key holds:
//
//   - the method, the path and the signature style (RPC when the request
//     carries Action or Signature* parameters, V3 when it carries an ACS3
//     Authorization header or only x-acs-action). The style is part of the key
//     because it is part of what was recorded: a V3 call does not replay an
//     RPC recording of the same operation;
//   - the value of the CaseHeader (X-Conformance-Case), a discriminator the
//     suites set on requests that differ from a good one only in fields the
//     key otherwise ignores (a corrupted signature, a skewed timestamp, a
//     replayed nonce). It is never sent to a live endpoint;
//   - every query and form-body parameter, merged (query first), fully
//     form-decoded (so "+" and "%20", "*" and "%2A" are the same) and sorted
//     by name, values in the order sent. Action, Version, Format, RegionId
//     and SignatureMethod/-Version/-Type are kept: they change the answer
//     (InvalidVersion, Format=XML). Two SDK habits that change nothing are
//     smoothed over, so one recording serves every SDK: Format is compared
//     case-insensitively ("json" and "JSON") and an empty SignatureType
//     counts as absent. The parameters that the contract of the operation
//     called (the request's Action) types as JSON arrays — SecurityGroupIds
//     of DescribeSecurityGroups — are re-marshalled compactly; their items
//     keep their order, because the key describes the request as sent and a
//     client that reorders IDs sends a different request. A request whose
//     action has no contract keeps every value as sent;
//   - for V3 requests, the x-acs-action and x-acs-version headers and the
//     algorithm named by the Authorization header.
//
// Volatile and credential fields — the parameters Signature, SignatureNonce,
// Timestamp, AccessKeyId, SecurityToken and BearerToken and the headers
// x-acs-date, x-acs-signature-nonce, x-acs-security-token,
// x-acs-accesskey-id and x-acs-bearer-token — count only by presence: any
// non-empty value becomes Redacted, which is exactly what Sanitize writes,
// so a sanitized cassette matches the live request it was recorded from, and
// a spec that leaves out Timestamp still differs from one that sends it.
// Every other header (User-Agent, Host, x-acs-content-sha256,
// x-acs-credentials-provider, the unsigned x-acs-action an RPC client adds)
// is ignored.
//
// # Recording and replaying
//
// Open wraps a go-vcr recorder for one cassette (one spec). In Record mode
// requests go to the real transport with the CaseHeader stripped, and Stop
// writes the cassette atomically after Sanitize has cleared every credential
// and volatile value, with zero durations and no Date headers, so re-recording
// against a deterministic endpoint gives the same bytes. A form body is kept
// once (DropDerivedForm drops go-vcr's parsed copy), and a cassette larger
// than CompressAbove is stored as <name>.yaml.gz, the same YAML gzipped. In Replay mode
// nothing is written and nothing is dialled: every recorded interaction
// answers one request, in recorded order (go-vcr's "replayed" bookkeeping
// with replayable interactions off), and a request with no match fails with
// a *MissError naming the closest recorded interaction and how it differs.
//
// ScanSecrets checks cassettes for anything that looks like a credential, and
// Interactions lists every recorded interaction under a directory for checks
// such as schema drift.
package vcr
