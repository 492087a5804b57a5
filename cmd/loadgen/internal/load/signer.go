package load

import (
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

// Signer builds DescribeSecurityGroups requests signed with ACS3-HMAC-SHA256
// by the emulator's default key, each with a nonce never used before: a
// random prefix per Signer and a counter.
type Signer struct {
	c      *client.Client
	prefix string
	seq    atomic.Uint64
}

// NewSigner returns a Signer for the endpoint at baseURL
// ("http://127.0.0.1:PORT").
func NewSigner(baseURL string) (*Signer, error) {
	var b [8]byte
	rand.Read(b[:])
	s := &Signer{prefix: hex.EncodeToString(b[:])}
	c, err := client.New(client.Config{
		Endpoint:        baseURL,
		AccessKeyID:     emulator.DefaultAccessKeyID,
		AccessKeySecret: emulator.DefaultAccessKeySecret,
		Scheme:          client.SchemeV3,
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

// PageParams are the parameters of the measured request: the first page
// of the region, MaxResults results.
func PageParams(maxResults int) url.Values {
	return url.Values{"RegionId": {Region}, "MaxResults": {strconv.Itoa(maxResults)}}
}
