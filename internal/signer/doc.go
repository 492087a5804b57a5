// Package signer holds the two request-signing schemes of the Alibaba Cloud
// RPC API (ECS 2014-05-26) as pure functions, so that the client that signs
// and the emulator that verifies compute byte-identical strings.
//
// Scheme "RPC" (SignatureMethod=HMAC-SHA1, SignatureVersion=1.0, what
// Alibaba's documentation calls signature V2) signs every request parameter:
//
//	sts := RPCStringToSign("POST", params)   // params without Signature
//	sig := RPCSign(secret, sts)              // base64 HMAC-SHA1, key secret+"&"
//
// Scheme "V3" (ACS3-HMAC-SHA256) signs a canonical request built from the
// method, path, query, chosen headers and the body hash, and carries the
// result in the Authorization header:
//
//	cr  := CanonicalRequest(method, "/", query, header, host, signed, HashPayload(body))
//	sig := V3Sign(secret, V3StringToSign(cr))
//	hdr := Authorization{Credential: ak, SignedHeaders: signed, Signature: sig}.String()
//
// Every function is deterministic and does no I/O: time, nonces and
// credentials are the caller's business. The behaviour is pinned by the
// vectors in testdata/, which were computed by the official SDK's own signing
// functions and by real SDK requests captured on the wire. Compare signatures
// with Equal, which runs in constant time. This package imports only the
// standard library.
package signer
