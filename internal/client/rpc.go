package client

import (
	"net/http"
	"net/url"

	"github.com/ecs-conformance/ecs-conformance/internal/signer"
)

// rpc lays k out as the Go SDKs do for the RPC (HMAC-SHA1) scheme: common
// parameters, business parameters and Signature in the query — or, with
// InBody, business parameters in a form body (the tea-rpc layout) — and the
// unsigned x-acs-action / x-acs-version headers every RPC client adds.
func (k *call) rpc() (wire, error) {
	common := url.Values{
		"Action":           {k.action},
		"Version":          {k.version},
		"Format":           {k.format},
		"AccessKeyId":      {k.accessKeyID},
		"SignatureMethod":  {signer.RPCSignatureMethod},
		"SignatureVersion": {signer.RPCSignatureVersion},
		"SignatureNonce":   {k.nonce},
		"Timestamp":        {k.timestamp},
	}
	if k.securityToken != "" {
		common.Set("SecurityToken", k.securityToken)
	}
	// A business parameter named like a common one (Format=XML, say)
	// replaces it rather than being sent twice.
	for name := range k.params {
		delete(common, name)
	}

	h := http.Header{}
	h.Set("User-Agent", k.userAgent)
	h.Set("x-acs-action", k.action)
	h.Set("x-acs-version", k.version)
	for name, values := range k.header {
		h[name] = values
	}

	query, form := common, url.Values(nil)
	if k.inBody {
		form = k.params
	} else {
		for name, values := range k.params {
			query[name] = values
		}
	}
	k.omit.dropParams(query, form)
	k.omit.dropHeaders(h)
	omitSignature := k.omit.late("Signature")
	if err := k.omit.check(SchemeRPC, sentNames(h, query, form, "Signature")); err != nil {
		return wire{}, err
	}

	signed := cloneValues(query)
	for name, values := range form {
		signed[name] = append(signed[name], values...)
	}
	sig := signer.RPCSign(k.secret, signer.RPCStringToSign(k.method, signed))
	if k.corrupt {
		sig = corruptSignature(sig)
	}
	if !omitSignature {
		query.Set("Signature", sig)
	}

	w := wire{query: query, header: h}
	if form != nil {
		w.body = []byte(form.Encode())
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return w, nil
}
