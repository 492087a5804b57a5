package signer

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
)

// Fixed values of the RPC scheme's common parameters.
const (
	RPCSignatureMethod  = "HMAC-SHA1"
	RPCSignatureVersion = "1.0"
	// RPCTimestampLayout is the layout of the Timestamp parameter and of the
	// V3 x-acs-date header: UTC, second precision.
	RPCTimestampLayout = "2006-01-02T15:04:05Z"
)

// RPCStringToSign returns the RPC string-to-sign for a request with the given
// HTTP method and parameters:
//
//	METHOD + "&%2F&" + PercentEncode(CanonicalQueryString(params without Signature))
//
// params must hold every request parameter, decoded: the query plus, for a
// POST with an application/x-www-form-urlencoded body, the body's parameters.
// A Signature parameter is ignored, so a verifier can pass what it received.
// The path is always "/" for this API, as in every SDK. params is not
// modified.
func RPCStringToSign(method string, params url.Values) string {
	return string(AppendRPCStringToSign(nil, method, params))
}

// RPCSign returns the base64 (standard alphabet, padded) HMAC-SHA1 of
// stringToSign, keyed with secret+"&" as the scheme requires.
func RPCSign(secret, stringToSign string) string {
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
