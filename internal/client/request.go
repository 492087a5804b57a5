package client

import (
	"net/http"
	"net/url"
	"time"
)

// Request is one API call. The zero Tamper gives a correct request.
type Request struct {
	Action string     // e.g. "DescribeSecurityGroups"; required unless Tamper.Action is set
	Params url.Values // business parameters only: RegionId, MaxResults, Tag.1.Key, ...
	Method string     // "POST" when empty; "GET" also works (not with InBody)

	// InBody sends Params as an application/x-www-form-urlencoded body
	// instead of the query. With SchemeRPC that is the terraform (tea-rpc)
	// layout: common parameters and Signature stay in the query, and the
	// signature covers both. With SchemeV3 the body hash and the content-type
	// header are signed.
	InBody bool

	// Header holds extra headers, set before signing: with SchemeV3 the
	// ones named content-type or x-acs-* are signed (e.g.
	// x-acs-credentials-provider, which the v7 SDK signs). A name the client
	// sets itself is replaced. To change a header after signing, use
	// Tamper.Header.
	Header http.Header

	Tamper Tamper
}

// Tamper describes deliberate faults. Each field is independent; the zero
// value changes nothing.
type Tamper struct {
	// CorruptSignature changes one character of the computed signature
	// into another of the same alphabet, so the request stays well-formed
	// but no longer verifies.
	CorruptSignature bool
	// MalformedAuthorization, when not empty, is sent verbatim as the
	// Authorization header (SchemeV3 only). To send no Authorization at all,
	// use Omit; to send an empty one, use Header.
	MalformedAuthorization string
	// Timestamp signs with this time instead of Config.Clock (to send a
	// stale or future request).
	Timestamp *time.Time
	// RawTimestamp is sent, and signed, as the Timestamp parameter or the
	// x-acs-date header instead of a formatted time (to send a garbled one).
	RawTimestamp string
	// Nonce is used instead of Config.Nonce (to replay a nonce).
	Nonce string
	// Omit drops common parameters, business parameters or headers before
	// signing, e.g. "Timestamp", "AccessKeyId", "SignatureNonce" (RPC) or
	// "x-acs-date", "x-acs-signature-nonce" (V3; header names are
	// case-insensitive). "Signature" (RPC) and "Authorization" (V3) are
	// dropped after signing. Naming something the request does not carry
	// is an error, so a typo cannot make a test pass by doing nothing.
	Omit []string
	// AccessKeyID and Secret, when set, sign as someone else.
	AccessKeyID, Secret string
	// Version and Action, when set, replace Config.Version and
	// Request.Action.
	Version, Action string
	// Format, when set, replaces the RPC Format parameter ("JSON"), e.g.
	// "XML" to ask for XML errors. V3 has no Format parameter, so setting it
	// with SchemeV3 is an error; to send one anyway, put it in Params.
	Format string
	// Header is applied after signing, replacing any header of the same
	// name, so it is never covered by the signature: use it to add unsigned
	// headers or to alter signed ones. "Host" sets the Host header.
	Header http.Header
	// Body, when not nil, is sent instead of the body that was signed (with
	// InBody): the signature, and with SchemeV3 x-acs-content-sha256, still
	// cover the original, so an endpoint that checks the body it received
	// refuses the request and one that trusts the declared hash does not.
	Body []byte
	// Unsigned names headers (SchemeV3 only, any case) that are sent but
	// left out of SignedHeaders, the signature being computed without them:
	// the request verifies, yet breaks the rule that every x-acs-* header
	// and host be signed. Naming a header the request does not sign is an
	// error.
	Unsigned []string
}
