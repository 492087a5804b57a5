package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// RPC common parameters: signed like any other, but not business parameters.
// A common parameter sent twice makes the envelope ambiguous (which value was
// signed?), so it is answered IncompleteSignature.
var rpcCommon = []string{
	"AccessKeyId", "Action", "Format", "SecurityToken", "Signature",
	"SignatureMethod", "SignatureNonce", "SignatureType", "SignatureVersion",
	"Timestamp", "Version",
}

// V3 headers read by the verifier.
const (
	hdrAction    = "X-Acs-Action"
	hdrVersion   = "X-Acs-Version"
	hdrDate      = "X-Acs-Date"
	hdrNonce     = "X-Acs-Signature-Nonce"
	hdrContent   = "X-Acs-Content-Sha256"
	hdrToken     = "X-Acs-Security-Token"
	maxAuthBytes = 8 << 10 // a longer Authorization is IncompleteSignature
)

// headerValue is h.Get(name) for a name already in canonical form, as the
// constants above and the names this package reads are: Get canonicalizes
// its argument on every call, which cost more than the lookup itself.
func headerValue(h http.Header, name string) string {
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// detectScheme chooses how a request is signed: V3 when it has an
// Authorization header, or x-acs-action without an Action parameter; RPC
// otherwise (RPC clients also send an unsigned x-acs-action header).
func detectScheme(c *call) string {
	if len(c.r.Header["Authorization"]) > 0 {
		return schemeV3
	}
	if _, ok := c.params["Action"]; !ok && headerValue(c.r.Header, hdrAction) != "" {
		return schemeV3
	}
	return schemeRPC
}

// envelope is what authentication reads, whichever the scheme.
type envelope struct {
	keyID, timestamp, nonce, action, version, token string
}

// authenticate runs the checks of the wire reference §5 in its order and
// binds c to the key's account. With DisableAuth only Action and Version are
// checked.
func (s *Server) authenticate(c *call) *apiError {
	var env envelope
	var e *apiError
	if c.scheme == schemeV3 {
		env, e = s.v3Envelope(c)
	} else {
		env, e = s.rpcEnvelope(c)
	}
	c.action, c.nonce = env.action, env.nonce
	c.h = s.ops[env.action]
	if e != nil {
		return e
	}
	if c.h == nil {
		return errCode(CodeInvalidAction)
	}
	if env.version != c.h.op.Version && !(s.opts.DisableAuth && env.version == "") {
		return errCode(CodeInvalidVersion)
	}
	if s.opts.DisableAuth {
		c.account = DefaultAccount
		return nil
	}
	key := s.keys[env.keyID]
	if key == nil || (key.SecurityToken != "" && !signer.Equal(env.token, key.SecurityToken)) {
		return errCode(CodeAccessKeyNotFound)
	}
	if key.Disabled {
		return errCode(CodeAccessKeyInactive)
	}
	ts, err := signer.ParseTimestamp(env.timestamp)
	if err != nil {
		return errCode(CodeTimestampFormat)
	}
	now := s.opts.Clock()
	if d := now.Sub(ts); d > s.opts.TimeWindow || d < -s.opts.TimeWindow {
		return errCode(CodeTimestampExpired)
	}
	if c.scheme == schemeV3 {
		e = s.verifyV3(c, key)
	} else {
		e = s.verifyRPC(c, key)
	}
	if e != nil {
		return e
	}
	if !s.nonces.use(key.ID, env.nonce, now, ts.Add(s.opts.TimeWindow)) {
		return errCode(CodeNonceUsed)
	}
	if key.Denied {
		return &apiError{code: CodeForbiddenRAM, denied: &key.AccessKey}
	}
	c.account = key.Account
	return nil
}

// rpcEnvelope reads the RPC common parameters; missing ones come first, in
// the order AccessKeyId, Timestamp, SignatureNonce.
func (s *Server) rpcEnvelope(c *call) (envelope, *apiError) {
	p := c.params
	env := envelope{}
	env.action, _ = first(p, "Action")
	env.version, _ = first(p, "Version")
	env.nonce, _ = first(p, "SignatureNonce")
	if s.opts.DisableAuth {
		return env, nil
	}
	for _, name := range rpcCommon {
		if len(p[name]) > 1 {
			return env, errCode(CodeIncompleteSignature)
		}
	}
	env.keyID, _ = first(p, "AccessKeyId")
	env.timestamp, _ = first(p, "Timestamp")
	env.token, _ = first(p, "SecurityToken")
	return env, env.missing()
}

// missing answers the first absent common field, in the order the wire
// reference gives, for either scheme. A nonce over MaxNonceBytes is no
// nonce a client makes: IncompleteSignature, like an oversized
// Authorization, and it is never remembered.
func (env envelope) missing() *apiError {
	switch {
	case env.keyID == "":
		return errCode(CodeMissingAccessKeyID)
	case env.timestamp == "":
		return errCode(CodeMissingTimestamp)
	case env.nonce == "":
		return errCode(CodeMissingSignatureNonce)
	case len(env.nonce) > MaxNonceBytes:
		return errCode(CodeIncompleteSignature)
	}
	return nil
}

// verifyRPC checks the HMAC-SHA1 signature over every parameter but
// Signature. A missing Signature, SignatureMethod or SignatureVersion (all
// required common parameters) or an unknown method or version is
// IncompleteSignature; a wrong one is SignatureDoesNotMatch carrying the
// server's string-to-sign.
//
// The string-to-sign is built in a pooled buffer and becomes a string only
// for an error message.
func (s *Server) verifyRPC(c *call, key *serverKey) *apiError {
	buf := getScratch()
	defer putScratch(buf)
	sts := signer.AppendRPCStringToSign(buf.b[:0], c.r.Method, c.params)
	buf.b = sts
	sig, _ := first(c.params, "Signature")
	method, _ := first(c.params, "SignatureMethod")
	version, _ := first(c.params, "SignatureVersion")
	if sig == "" || method != signer.RPCSignatureMethod || version != signer.RPCSignatureVersion {
		return &apiError{code: CodeIncompleteSignature, sts: string(sts)}
	}
	if !signer.EqualBase64(sig, key.macRPC(buf.mac[:0], sts)) {
		return &apiError{code: CodeSignatureMismatch, sts: string(sts)}
	}
	return nil
}

// v3Envelope reads the V3 headers. An Authorization that is missing,
// repeated, oversized or not of algorithm ACS3-HMAC-SHA256 is
// IncompleteSignature; then a missing Credential, x-acs-date and
// x-acs-signature-nonce are the Missing* codes of their RPC counterparts.
// The rest of Authorization is parsed strictly by verifyV3, after the key and
// the timestamp, as the wire reference orders the checks.
func (s *Server) v3Envelope(c *call) (envelope, *apiError) {
	h := c.r.Header
	env := envelope{
		action:  headerValue(h, hdrAction),
		version: headerValue(h, hdrVersion),
		nonce:   headerValue(h, hdrNonce),
	}
	if s.opts.DisableAuth {
		return env, nil
	}
	auth := h["Authorization"]
	if len(auth) != 1 || len(auth[0]) > maxAuthBytes || !strings.HasPrefix(auth[0], signer.AlgorithmV3+" ") {
		return env, errCode(CodeIncompleteSignature)
	}
	for _, name := range []string{hdrAction, hdrVersion, hdrDate, hdrNonce, hdrContent, hdrToken} {
		if len(h[name]) > 1 {
			return env, errCode(CodeIncompleteSignature)
		}
	}
	env.keyID = credential(auth[0])
	env.timestamp = headerValue(h, hdrDate)
	env.token = headerValue(h, hdrToken)
	return env, env.missing()
}

// credential finds the Credential field of an Authorization header without
// judging the rest, which verifyV3 parses strictly.
func credential(h string) string {
	_, rest, ok := strings.Cut(h, " ")
	if !ok {
		return ""
	}
	for rest != "" {
		var field string
		field, rest, _ = strings.Cut(rest, ",")
		if v, ok := strings.CutPrefix(strings.TrimLeft(field, " "), "Credential="); ok {
			return v
		}
	}
	return ""
}

// verifyV3 checks an ACS3-HMAC-SHA256 signature. The Authorization header
// must parse, sign host and every x-acs-* header present, and the request
// must carry x-acs-content-sha256 (IncompleteSignature otherwise). The
// canonical request is rebuilt from the Host as received, the decoded query
// and the hash of the body as received: an x-acs-content-sha256 that differs
// from that hash is SignatureDoesNotMatch, since the server's calculation,
// shown in the message, is what disagrees with the client's.
//
// The canonical request is built in a pooled buffer and hashed there, the
// string-to-sign on the stack: neither becomes a string unless an error
// message quotes it.
func (s *Server) verifyV3(c *call, key *serverKey) *apiError {
	h := c.r.Header
	a, err := signer.ParseAuthorization(headerValue(h, "Authorization"))
	if err != nil || !coversHeaders(a.SignedHeaders, h) || len(h[hdrContent]) == 0 {
		return errCode(CodeIncompleteSignature)
	}
	payload := signer.EmptyPayloadHash
	if len(c.body) > 0 {
		payload = signer.HashPayload(c.body)
	}
	buf := getScratch()
	defer putScratch(buf)
	cr := signer.AppendCanonicalRequest(buf.b[:0], c.r.Method, "/", c.query, h, c.r.Host, a.SignedHeaders, payload)
	buf.b = cr
	// V3StringToSign: the algorithm, a newline, the hex SHA-256 of cr.
	sts := buf.sts[:]
	n := copy(sts, signer.AlgorithmV3+"\n")
	sum := sha256.Sum256(cr)
	hex.Encode(sts[n:], sum[:])
	ok := signer.EqualHex(a.Signature, key.macV3(buf.mac[:0], sts))
	if !ok || headerValue(h, hdrContent) != payload {
		return &apiError{code: CodeSignatureMismatch, sts: string(sts)}
	}
	return nil
}

// coversHeaders reports whether signed names host and every x-acs-* header
// of h, as the V3 documentation requires. The signed names are tokens, as
// signer.ParseAuthorization accepts only those: ASCII.
func coversHeaders(signed []string, h http.Header) bool {
	if !signs(signed, "host", true) {
		return false
	}
	for name := range h {
		if len(name) > 6 && equalFold(name[:6], "x-acs-") && !signs(signed, name, isASCII(name)) {
			return false
		}
	}
	return true
}

// signs reports whether signed holds name, in any case. When name is ASCII
// too, a name of another length cannot match and is not compared.
func signs(signed []string, name string, ascii bool) bool {
	for _, s := range signed {
		if (!ascii || len(s) == len(name)) && equalFold(s, name) {
			return true
		}
	}
	return false
}

// equalFold is strings.EqualFold, decided without decoding runes when both
// are ASCII (header names nearly always are): strings of different
// lengths can then never be equal.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		// Only a multi-byte rune folds to a letter of another length.
		return (!isASCII(a) || !isASCII(b)) && strings.EqualFold(a, b)
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x|y >= utf8.RuneSelf {
			return strings.EqualFold(a, b)
		}
		if x != y && lowerASCII(x) != lowerASCII(y) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
