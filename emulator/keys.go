package emulator

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"sync"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// serverKey is an accepted key with what verifying its signatures needs:
// its HMACs, pooled. hmac.New hashes the secret into the inner and outer
// pads and allocates two digests each time; a pooled HMAC is Reset back to
// its keyed state instead, which costs neither.
type serverKey struct {
	AccessKey
	v3, rpc sync.Pool // of hash.Hash: HMAC-SHA256 keyed with Secret, HMAC-SHA1 with Secret+"&"
}

func newServerKey(k AccessKey) *serverKey {
	sk := &serverKey{AccessKey: k}
	sk.v3.New = func() any { return hmac.New(sha256.New, []byte(k.Secret)) }
	sk.rpc.New = func() any { return hmac.New(sha1.New, []byte(k.Secret+"&")) }
	return sk
}

// macV3 appends HMAC-SHA256(Secret, msg) to dst: what signer.V3Sign
// computes, before its hex encoding.
func (k *serverKey) macV3(dst, msg []byte) []byte { return mac(&k.v3, dst, msg) }

// macRPC appends HMAC-SHA1(Secret+"&", msg) to dst: what signer.RPCSign
// computes, before its base64 encoding.
func (k *serverKey) macRPC(dst, msg []byte) []byte { return mac(&k.rpc, dst, msg) }

func mac(pool *sync.Pool, dst, msg []byte) []byte {
	h := pool.Get().(hash.Hash)
	h.Reset()
	h.Write(msg)
	dst = h.Sum(dst)
	pool.Put(h)
	return dst
}

// scratch is a request's buffer for the string it signs, pooled: the
// canonical request or string-to-sign is built there, hashed, and kept only
// when an error message quotes it.
type scratch struct {
	b []byte
	// sts is verifyV3's string to sign, mac the signature either verifier
	// computes (SHA-1's fits): here rather than on their stacks, where
	// passing them to the hash's interface methods moved them to the heap
	// on every request.
	sts [len(signer.AlgorithmV3) + 1 + 2*sha256.Size]byte
	mac [sha256.Size]byte
}

var scratchPool = sync.Pool{New: func() any { return &scratch{b: make([]byte, 0, 2048)} }}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(s *scratch) {
	if cap(s.b) <= 64<<10 { // a 64 KiB query makes a string of about that size
		s.b = s.b[:0]
		scratchPool.Put(s)
	}
}
