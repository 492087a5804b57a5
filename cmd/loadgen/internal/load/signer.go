package load

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// Signer builds DescribeSecurityGroups requests signed by the emulator's
// default key (ACS3-HMAC-SHA256 unless NewSchemeSigner says otherwise), each
// with a nonce never used before: a random prefix per Signer and a counter.
type Signer struct {
	c      *client.Client
	prefix string
	seq    atomic.Uint64
}

// NewSigner returns a Signer for the endpoint at baseURL
// ("http://127.0.0.1:PORT").
func NewSigner(baseURL string) (*Signer, error) {
	return NewSchemeSigner(baseURL, client.SchemeV3)
}

// NewSchemeSigner returns a Signer that signs with scheme.
func NewSchemeSigner(baseURL string, scheme client.Scheme) (*Signer, error) {
	var b [8]byte
	rand.Read(b[:])
	s := &Signer{prefix: hex.EncodeToString(b[:])}
	c, err := client.New(client.Config{
		Endpoint:        baseURL,
		AccessKeyID:     emulator.DefaultAccessKeyID,
		AccessKeySecret: emulator.DefaultAccessKeySecret,
		Scheme:          scheme,
		Nonce:           s.nonce,
	})
	if err != nil {
		return nil, err
	}
	s.c = c
	return s, nil
}

// nonce is 32 hex characters, like the Go SDK's.
func (s *Signer) nonce() string {
	return s.prefix + fmt.Sprintf("%016x", s.seq.Add(1))
}

// Request signs one request with params (business parameters only).
func (s *Signer) Request(ctx context.Context, params url.Values) (*http.Request, error) {
	return s.c.NewHTTPRequest(ctx, client.Request{Action: "DescribeSecurityGroups", Params: params})
}

// Batch signs n requests with params and reports how long signing took.
func (s *Signer) Batch(ctx context.Context, params url.Values, n int) ([]*http.Request, time.Duration, error) {
	reqs := make([]*http.Request, n)
	start := time.Now()
	for i := range reqs {
		r, err := s.Request(ctx, params)
		if err != nil {
			return nil, 0, err
		}
		reqs[i] = r
	}
	return reqs, time.Since(start), nil
}

// RawBatch signs n requests with params and returns each as the bytes an
// HTTP/1.1 client puts on the wire (request line, headers, body), for the
// raw driver and wrk; it reports how long signing and serialising took.
func (s *Signer) RawBatch(ctx context.Context, params url.Values, n int) ([][]byte, time.Duration, error) {
	out := make([][]byte, n)
	var buf bytes.Buffer
	start := time.Now()
	for i := range out {
		r, err := s.Request(ctx, params)
		if err != nil {
			return nil, 0, err
		}
		buf.Reset()
		if err := r.Write(&buf); err != nil {
			return nil, 0, err
		}
		out[i] = bytes.Clone(buf.Bytes())
	}
	return out, time.Since(start), nil
}

// PageParams are the parameters of the measured request: the first page
// of the region, MaxResults results.
func PageParams(maxResults int) url.Values {
	return url.Values{"RegionId": {Region}, "MaxResults": {strconv.Itoa(maxResults)}}
}
