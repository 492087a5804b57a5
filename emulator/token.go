package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"sync"
)

// Page tokens are opaque to callers and bound to the query that produced
// them. A token is base64url (no padding, strict) of
//
//	version byte (1) | last ID returned | MAC (16 bytes)
//
// where MAC is HMAC-SHA256 under the server's token key of the version, a
// binding and the ID. The binding is a hash of the account, the region and
// the canonical filters (not MaxResults: the page size may change between
// pages), computed from the request that presents the token; so a token
// used with other filters, another region or another account fails its MAC
// exactly like a forged, truncated or altered one. The ID is readable by
// anyone who decodes the token; it is the caller's own data.
const (
	tokenVersion = 1
	tokenMACLen  = 16
	maxTokenLen  = 512 // longer cannot be ours (IDs are at most 64 bytes)
)

var tokenEncoding = base64.RawURLEncoding.Strict()

type tokenCodec struct {
	pool sync.Pool // of *tokenMAC
}

// tokenMAC is a keyed HMAC-SHA256 with buffers for its input and sum, so
// that computing a MAC allocates nothing.
type tokenMAC struct {
	h   hash.Hash
	in  []byte
	sum []byte
}

func newTokenCodec(key []byte) *tokenCodec {
	k := append([]byte(nil), key...)
	return &tokenCodec{pool: sync.Pool{New: func() any {
		return &tokenMAC{h: hmac.New(sha256.New, k), in: make([]byte, 0, 128), sum: make([]byte, 0, sha256.Size)}
	}}}
}

// appendMAC appends the MAC of binding and id to dst.
func (t *tokenCodec) appendMAC(dst, binding []byte, id string) []byte {
	m := t.pool.Get().(*tokenMAC)
	m.h.Reset()
	m.in = append(m.in[:0], tokenVersion)
	m.in = append(m.in, binding...)
	m.in = append(m.in, id...)
	m.h.Write(m.in)
	m.sum = m.h.Sum(m.sum[:0])
	dst = append(dst, m.sum[:tokenMACLen]...)
	if cap(m.in) <= 1024 { // do not keep the buffer of a huge ID alive
		t.pool.Put(m)
	}
	return dst
}

// encode returns the token that resumes after id for the query of binding.
func (t *tokenCodec) encode(binding []byte, id string) string {
	var rawArr [1 + 64 + tokenMACLen]byte
	raw := append(rawArr[:0], tokenVersion)
	raw = append(raw, id...)
	raw = t.appendMAC(raw, binding, id)
	var encArr [(len(rawArr)*4 + 2) / 3]byte
	enc := encArr[:0]
	if n := tokenEncoding.EncodedLen(len(raw)); n > len(encArr) {
		enc = make([]byte, 0, n)
	}
	enc = tokenEncoding.AppendEncode(enc, raw)
	return string(enc)
}

// decode returns the ID a token resumes after, or false if the token was not
// issued by this key for the query of binding.
func (t *tokenCodec) decode(binding []byte, token string) (string, bool) {
	if len(token) > maxTokenLen {
		return "", false
	}
	raw, err := tokenEncoding.DecodeString(token)
	// A token has one spelling. The decoder skips CR and LF anywhere, even
	// in strict mode, and strict mode rejects every other variant; so a
	// token is canonical exactly when it is as long as the re-encoding of
	// what it decodes to.
	if err != nil || tokenEncoding.EncodedLen(len(raw)) != len(token) {
		return "", false
	}
	if len(raw) < 1+1+tokenMACLen || raw[0] != tokenVersion {
		return "", false
	}
	id := string(raw[1 : len(raw)-tokenMACLen])
	var macArr [tokenMACLen]byte
	if !hmac.Equal(raw[len(raw)-tokenMACLen:], t.appendMAC(macArr[:0], binding, id)) {
		return "", false
	}
	return id, true
}
