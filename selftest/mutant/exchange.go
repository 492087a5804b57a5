package mutant

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/internal/signer"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Exchange is one request and the answer a mutation may change.
type Exchange struct {
	P    *Proxy
	Req  *http.Request
	Body []byte // the request's body as received
	// Params holds the query and form parameters together; Query the query
	// alone (what V3 signs).
	Params, Query url.Values
	// Scheme is "v3" (an Authorization header) or "rpc".
	Scheme string
	// Action is the operation asked for; Op its contract (nil when unknown).
	Action string
	Op     *specs.Operation
	// KeyID is the access key the request is signed with.
	KeyID string

	// The answer, as the upstream gave it until a mutation changes it.
	Status int
	Header http.Header
	Answer []byte
	// Write, when set, sends the answer instead of the plain writer (for
	// transport variations: gzip, chunks, header case).
	Write func(w http.ResponseWriter, x *Exchange)
}

func newExchange(p *Proxy, r *http.Request, body []byte) *Exchange {
	x := &Exchange{P: p, Req: r, Body: body}
	x.Params, x.Query = requestParams(r, body)
	x.Scheme = "rpc"
	x.Action = x.Params.Get("Action")
	x.KeyID = x.Params.Get("AccessKeyId")
	if auth := r.Header.Get("Authorization"); auth != "" || x.Action == "" {
		x.Scheme = "v3"
		x.Action = r.Header.Get("x-acs-action")
		if a, err := signer.ParseAuthorization(auth); err == nil {
			x.KeyID = a.Credential
		} else if _, rest, ok := strings.Cut(auth, "Credential="); ok {
			x.KeyID, _, _ = strings.Cut(rest, ",")
		}
	}
	x.Op = lookupOp(x.Action)
	return x
}

// OK says the upstream answered a success.
func (x *Exchange) OK() bool { return x.Status == http.StatusOK }

// JSON says the answer is a JSON body (not XML).
func (x *Exchange) JSON() bool {
	return json.Valid(x.Answer) && bytes.HasPrefix(bytes.TrimSpace(x.Answer), []byte("{"))
}

// Code is the error code of an error answer ("" for a success or XML).
func (x *Exchange) Code() string {
	if x.OK() {
		return ""
	}
	var e struct{ Code string }
	_ = json.Unmarshal(x.Answer, &e)
	return e.Code
}

// RequestID is the RequestId of a JSON answer.
func (x *Exchange) RequestID() string {
	var e struct{ RequestId string }
	_ = json.Unmarshal(x.Answer, &e)
	return e.RequestId
}

// Business returns the request's business parameters: everything but the
// RPC envelope's common parameters.
func (x *Exchange) Business() url.Values {
	out := url.Values{}
	for k, v := range x.Params {
		if x.Op != nil && x.Scheme == "rpc" && isCommon(x.Op, k) {
			continue
		}
		out[k] = slices.Clone(v)
	}
	return out
}

func isCommon(op *specs.Operation, name string) bool {
	for _, p := range op.CommonParameters {
		if p.Name == name {
			return true
		}
	}
	return name == "Signature"
}

// TokenMode says the request selected token paging, as the contract defines it.
func (x *Exchange) TokenMode() bool {
	if x.Op == nil || x.Op.Paging == nil {
		return false
	}
	for _, name := range x.Op.Paging.NextToken.SelectedBy {
		if x.Params.Get(name) != "" {
			return true
		}
	}
	return false
}

// Timestamp is the request's signing time (Timestamp or x-acs-date).
func (x *Exchange) Timestamp() (time.Time, bool) {
	v := x.Params.Get("Timestamp")
	if x.Scheme == "v3" {
		v = x.Req.Header.Get("x-acs-date")
	}
	t, err := time.Parse(signer.RPCTimestampLayout, v)
	return t, err == nil
}

// Edit decodes a JSON answer, lets edit change it and encodes it again;
// when edit reports no change (or the answer is no JSON object) it stays as
// it was. Numbers stay json.Number: ServiceID exceeds a float64's precision.
func (x *Exchange) Edit(edit func(m map[string]any) bool) bool {
	m, ok := decodeObject(x.Answer)
	if !ok || !edit(m) {
		return false
	}
	x.Answer = encodeJSON(m)
	return true
}

func decodeObject(b []byte) (map[string]any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil || m == nil {
		return nil, false
	}
	return m, true
}

func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// The emulator writes Recommend's '&' verbatim; so does the proxy.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("mutant: encoding an answer: " + err.Error())
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// Refuse answers the contract's error code instead, as a correct endpoint
// writes it: its status and message (param fills {Parameter}), a RequestId,
// HostId, Recommend, JSON.
func (x *Exchange) Refuse(code, param string) {
	op := x.Op
	if op == nil {
		return
	}
	e := op.Error(code)
	if e == nil {
		panic("mutant: " + code + " is not in the contract of " + op.Operation)
	}
	id := x.RequestID()
	if id == "" {
		id = "5A3C1D2E-0000-4000-8000-00000000MUT0"
	}
	x.Status = e.Status
	x.Header = http.Header{"Content-Type": {"application/json;charset=utf-8"}}
	x.Answer = encodeJSON(map[string]any{
		"RequestId": id,
		"HostId":    "ecs.aliyuncs.com",
		"Code":      code,
		"Message":   e.Render(x.Scheme, map[string]string{"Parameter": param, "StringToSign": "mutant"}),
		"Recommend": Recommend(code, id),
	})
}

// Recommend is the troubleshooting link of an error answer.
func Recommend(code, requestID string) string {
	return fmt.Sprintf("https://api.aliyun.com/troubleshoot?q=%s&product=Ecs&requestId=%s", code, requestID)
}

// Answer is what the upstream said to a request the proxy asked.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Ask sends params as a correctly signed request of the exchange's
// operation, by the exchange's key (the first key when it is unknown), in
// its scheme, and returns the upstream's answer. format, when not empty, is
// the RPC Format.
func (x *Exchange) Ask(params url.Values, format string) Answer {
	key := x.P.Keys[0]
	for _, k := range x.P.Keys {
		if k.ID == x.KeyID {
			key = k
		}
	}
	scheme := client.Scheme(x.Scheme)
	if format != "" {
		scheme = client.SchemeRPC
	}
	c, err := client.New(client.Config{
		Endpoint:        "http://upstream.mutant",
		AccessKeyID:     key.ID,
		AccessKeySecret: key.Secret,
		SecurityToken:   key.SecurityToken,
		Scheme:          scheme,
		HTTPClient:      &http.Client{Transport: handlerTransport{x.P.Upstream}},
	})
	if err != nil {
		panic("mutant: building the asking client: " + err.Error())
	}
	action := "" // the client refuses an empty one: a mutant must know the operation
	if x.Op != nil {
		action = x.Op.Operation
	}
	resp, err := c.Do(context.Background(), client.Request{Action: action, Params: params, Tamper: client.Tamper{Format: format}})
	if err != nil {
		panic("mutant: asking the upstream: " + err.Error())
	}
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: resp.Body}
}

// Take makes a's answer the exchange's.
func (x *Exchange) Take(a Answer) {
	x.Status, x.Header, x.Answer = a.Status, a.Header.Clone(), a.Body
}

// AcceptAs answers what the upstream answers to params (the request as a
// mock that skipped a check would have read it).
func (x *Exchange) AcceptAs(params url.Values) { x.Take(x.Ask(params, "")) }

// handlerTransport carries the proxy's own requests straight into the
// upstream handler.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(req.Context())
	if in.Body == nil {
		in.Body = http.NoBody
	}
	in.RequestURI = in.URL.RequestURI()
	in.Host = in.URL.Host
	in.RemoteAddr = "127.0.0.1:0"
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// with returns a copy of params with name set (or deleted when value is "").
func with(params url.Values, name, value string) url.Values {
	out := url.Values{}
	for k, v := range params {
		out[k] = slices.Clone(v)
	}
	if value == "" {
		delete(out, name)
	} else {
		out.Set(name, value)
	}
	return out
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json;charset=utf-8"}}
}
