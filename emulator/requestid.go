package emulator

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"sort"
)

// volatileParams change on every signing of the same request; a
// deterministic RequestId ignores them (the nonce is hashed on its own).
var volatileParams = map[string]bool{
	"AccessKeyId": true, "Signature": true, "SignatureNonce": true,
	"SecurityToken": true, "Timestamp": true,
}

// newRequestID returns the RequestId of c: random, or in deterministic mode
// derived from the method, the action, the business parameters (sorted) and
// the nonce, so that the same request gets the same ID and a retried one
// (new nonce) another. Both have the upper-case UUID form of real answers.
func (s *Server) newRequestID(c *call) string {
	var b [16]byte
	if !s.opts.Deterministic {
		// A RequestId is unique, not secret: the runtime's generator
		// (ChaCha8 per thread, seeded by the OS) gives its 122 random bits
		// at a seventh of crypto/rand's cost per request.
		binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
		binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	} else {
		h := sha256.New()
		write := func(v string) {
			h.Write([]byte(v))
			h.Write([]byte{0})
		}
		write(c.r.Method)
		write(c.action)
		names := make([]string, 0, len(c.params))
		for name := range c.params {
			if !volatileParams[name] {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		for _, name := range names {
			write(name)
			for _, v := range c.params[name] {
				write(v)
			}
		}
		write(c.nonce)
		if c.params == nil { // undecodable: the raw query stands for the parameters
			write(c.r.URL.RawQuery)
		}
		copy(b[:], h.Sum(nil))
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return formatUUID(b)
}

func formatUUID(b [16]byte) string {
	const hex = "0123456789ABCDEF"
	var out [36]byte
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j], out[j+1] = hex[c>>4], hex[c&0xf]
		j += 2
	}
	return string(out[:])
}
