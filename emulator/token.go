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
	pool sync.Pool // of hash.Hash (HMAC-SHA256 keyed)
}

func newTokenCodec(key []byte) *tokenCodec {
	k := append([]byte(nil), key...)
	return &tokenCodec{pool: sync.Pool{New: func() any { return hmac.New(sha256.New, k) }}}
}

func (t *tokenCodec) mac(binding []byte, id string) []byte {
	h := t.pool.Get().(hash.Hash)
	h.Reset()
	h.Write([]byte{tokenVersion})
	h.Write(binding)
	h.Write([]byte(id))
	sum := h.Sum(nil)
	t.pool.Put(h)
	return sum[:tokenMACLen]
}

// encode returns the token that resumes after id for the query of binding.
func (t *tokenCodec) encode(binding []byte, id string) string {
	raw := make([]byte, 0, 1+len(id)+tokenMACLen)
	raw = append(raw, tokenVersion)
	raw = append(raw, id...)
	raw = append(raw, t.mac(binding, id)...)
	return tokenEncoding.EncodeToString(raw)
}

// decode returns the ID a token resumes after, or false if the token was not
// issued by this key for the query of binding.
func (t *tokenCodec) decode(binding []byte, token string) (string, bool) {
	if len(token) > maxTokenLen {
		return "", false
	}
	raw, err := tokenEncoding.DecodeString(token)
	if err != nil || len(raw) < 1+1+tokenMACLen || raw[0] != tokenVersion {
		return "", false
	}
	id := string(raw[1 : len(raw)-tokenMACLen])
	if !hmac.Equal(raw[len(raw)-tokenMACLen:], t.mac(binding, id)) {
		return "", false
	}
	return id, true
}
